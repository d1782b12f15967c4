/**
 * The generated payment batch file of the download section: a 64 KiB block of CSV lines, sent
 * over and over and cut at the requested size, so a file of any size is served without one on
 * disk, and the client side can check what it wrote without holding it.
 */

/** Size of the repeated block. */
export const BLOCK_BYTES = 64 * 1024;

/** The job run key the download section asks for. */
export const DOWNLOAD_KEY = 'bench-1gb';

/** Path of the payment batch file, as the SDK builds it for {@link DOWNLOAD_KEY}. */
export const DOWNLOAD_PATH = `/api/expense/paymentbatch/v1.1/batch/${DOWNLOAD_KEY}/file`;

/** The repeated block: CSV lines of a payment demand file, cut at {@link BLOCK_BYTES}. */
export function downloadBlock(): Buffer {
  const lines: string[] = ['EmployeeID,ReportKey,Amount,Currency,PaymentDate\n'];
  let size = lines[0]?.length ?? 0;
  for (let n = 1; size < BLOCK_BYTES; n += 1) {
    const line = `E${String(n).padStart(6, '0')},R${n * 7},${(n % 9973) + 0.25},USD,2024-05-01\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join(''), 'latin1').subarray(0, BLOCK_BYTES);
}

/** The bytes the file holds at `offset` (`length` of them, within one block). */
export function expectedBytes(block: Buffer, offset: number, length: number): Buffer {
  const start = offset % BLOCK_BYTES;
  if (start + length > BLOCK_BYTES) throw new Error('expectedBytes reads within one block');
  return block.subarray(start, start + length);
}
