// Fonts for the PDF reports. DejaVu (Debian: fonts-dejavu-core) covers most scripts a banner may contain;
// without it we fall back to the PDF standard fonts, which only know Latin-1, so other characters become
// "?" rather than garbage glyphs.
import { existsSync } from 'node:fs';

export interface PdfFonts {
  regular: string;
  bold: string;
  mono: string;
  /** Maps text to what the fonts can draw. */
  fit(text: string): string;
}

const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu'];

let cached: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
  if (cached) return cached;
  const dir = DEJAVU_DIRS.find((d) => ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'].every((f) => existsSync(`${d}/${f}`)));
  cached = dir
    ? { regular: `${dir}/DejaVuSans.ttf`, bold: `${dir}/DejaVuSans-Bold.ttf`, mono: `${dir}/DejaVuSansMono.ttf`, fit: (t) => t }
    : {
        regular: 'Helvetica',
        bold: 'Helvetica-Bold',
        mono: 'Courier',
        // eslint-disable-next-line no-control-regex
        fit: (t) => t.replace(/[^\u0009\u000A\u0020-\u007E\u00A0-\u00FF]/gu, (c) => (c === '…' ? '...' : c === '—' || c === '→' ? '-' : '?')),
      };
  return cached;
}
