/** True when `dir`'s dist/ was built from the sources as they are now. */
export function builtFromCurrentSources(dir: string): boolean;
/** Writes `dir`'s dist/.source-hash: run at the end of its build. */
export function writeStamp(dir: string): void;
