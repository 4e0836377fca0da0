/**
 * An HTTP answer as bytes: what is written, stored for replay, and replayed byte for byte.
 * A value: never changed once made (a store may recognise one it was given before and skip
 * writing it again).
 */
export interface Answer {
  statusCode: number;
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}
