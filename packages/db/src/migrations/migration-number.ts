/** A migration's id as its file names spell it: 4 as 004, 41 as 041. */
export function migrationNumber(id: number): string {
  return String(id).padStart(3, '0');
}
