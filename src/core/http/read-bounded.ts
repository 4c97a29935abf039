/** A response body as undici gives it: chunks, and a way to stop the download. */
export interface ReadableBody extends AsyncIterable<Buffer> {
  destroy(err?: Error): unknown;
}

/**
 * Reads an outside party's answer as UTF-8, but never more than `maxBytes` of it: past that the download is stopped
 * and the answer is null, so a misbehaving server cannot make us buffer without end. What a too-large answer means
 * (a transport failure for DFO, an unreadable but delivered answer for a platform) is the caller's to say.
 */
export async function readBounded(body: ReadableBody, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
