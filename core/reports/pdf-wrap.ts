// Line breaking for the PDF writer: pdfkit breaks lines wherever Unicode allows it, including after "/",
// which splits addresses as "198.18.90.2:6379/" + "tcp". Wrapping at spaces here first (greedy, measured
// in the current font) hands pdfkit lines that already fit, so it breaks inside a word only when the word
// alone is wider than the column.

/** `text` with newlines inserted at spaces so that each line fits `width` in the document's current font. */
export function wrapAtSpaces(doc: PDFKit.PDFDocument, text: string, columnWidth: number): string {
  // A little room to spare: pdfkit's own wrapper must never find a pre-wrapped line a hair too wide.
  const width = columnWidth * 0.97;
  if (columnWidth <= 0 || doc.widthOfString(text) <= width) return text;
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(' ')) {
        const candidate = line === '' ? word : `${line} ${word}`;
        if (line !== '' && doc.widthOfString(candidate) > width) {
          lines.push(line);
          line = word;
        } else {
          line = candidate;
        }
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
