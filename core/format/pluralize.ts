// "1 host", "2 hosts": counts in sentences that people read (chat replies and reports).
export function pluralize(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
