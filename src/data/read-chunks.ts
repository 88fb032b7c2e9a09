/**
 * The chunked file reader shared by the CSV loaders (daily `csv.ts`, intraday `intraday/parse.ts`): it streams a
 * file into one reusable buffer and hands a line parser every range of complete lines, so memory is the parsed
 * result plus one chunk whatever the file size.
 */
import * as fs from 'fs';
import { inputError } from '../util/errors';

/** A parser fed byte ranges of complete lines (`\n`-terminated), then the unterminated rest at the end. */
export interface LineConsumer {
  /** Parses the complete lines in `buf[start, end)`; returns the index where the unparsed rest begins. */
  consume(buf: Buffer, start: number, end: number): number;
  /** Parses the file's last line when it has no final newline (`buf[start, end)`, possibly empty). */
  finishLast(buf: Buffer, start: number, end: number): void;
}

/**
 * Streams `file` through `parser` in chunks of `chunkSize` bytes (a line longer than the buffer doubles it).
 * @param file path of the file
 * @param chunkSize bytes read per call (≥ 1)
 * @param makeParser builds the parser once the file's size is known (for capacity hints)
 * @returns the parser, after its last line
 * @throws InputError when the path cannot be opened or is not a regular file
 */
export async function streamFileLines<P extends LineConsumer>(file: string, chunkSize: number, makeParser: (size: number) => P): Promise<P> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    throw inputError({ file }, 'a readable file', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw inputError({ file }, 'a regular file', stat.isDirectory() ? 'a directory' : 'a special file');
    const parser = makeParser(stat.size);
    if (!(Number.isInteger(chunkSize) && chunkSize >= 1)) throw inputError({ key: 'chunkSize' }, 'a positive integer number of bytes', String(chunkSize));
    let buf = Buffer.allocUnsafe(chunkSize);
    let end = 0; // bytes held in buf
    for (;;) {
      if (end === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one line longer than the buffer
        buf.copy(bigger, 0, 0, end);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, end, Math.min(chunkSize, buf.length - end), null);
      if (bytesRead === 0) {
        parser.finishLast(buf, 0, end);
        break;
      }
      const scanFrom = end;
      end += bytesRead;
      const rest = buf.lastIndexOf(10, end - 1) >= scanFrom ? parser.consume(buf, 0, end) : 0;
      if (rest > 0) {
        buf.copy(buf, 0, rest, end);
        end -= rest;
      }
    }
    return parser;
  } finally {
    await handle.close();
  }
}
