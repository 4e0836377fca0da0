import type { Answer } from "../http/answer";

/** Where a stored answer's bytes are: a slice of an arena, with no Buffer object of its own. */
export interface PackedAnswer {
  arena: Buffer | undefined;
  offset: number;
  length: number;
}

// Record: `status (uint16) | header-JSON length (uint32) | header JSON (UTF-8) | body bytes`.
const HEAD = 6;
// Answers are written one after another into 64 KiB arenas outside the JS heap. An arena goes
// when the last entry pointing into it goes; entries leave in about the order they came.
const ARENA_BYTES = 64 * 1024;
const OWN_ARENA_FROM = ARENA_BYTES / 4;

export class AnswerArena {
  #arena: Buffer | undefined;
  #used = 0;
  // The notification router stores one constant answer under every key: written once.
  #lastAnswer: Answer | undefined;
  readonly #last: PackedAnswer = { arena: undefined, offset: 0, length: 0 };

  /** Writes `answer` and points `into` at its bytes. */
  pack(answer: Answer, into: PackedAnswer): void {
    if (answer !== this.#lastAnswer) {
      this.#write(answer, this.#last);
      this.#lastAnswer = answer;
    }
    into.arena = this.#last.arena;
    into.offset = this.#last.offset;
    into.length = this.#last.length;
  }

  #write(answer: Answer, into: PackedAnswer): void {
    const headers = JSON.stringify(answer.headers);
    const headerBytes = Buffer.byteLength(headers, "utf8");
    const length = HEAD + headerBytes + answer.body.length;
    let arena: Buffer;
    let offset = 0;
    if (length >= OWN_ARENA_FROM) {
      arena = Buffer.allocUnsafeSlow(length);
    } else {
      if (this.#arena === undefined || this.#used + length > ARENA_BYTES) {
        this.#arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
        this.#used = 0;
      }
      arena = this.#arena;
      offset = this.#used;
      this.#used += length;
    }
    arena.writeUInt16BE(answer.statusCode, offset);
    arena.writeUInt32BE(headerBytes, offset + 2);
    arena.write(headers, offset + HEAD, "utf8");
    answer.body.copy(arena, offset + HEAD + headerBytes);
    into.arena = arena;
    into.offset = offset;
    into.length = length;
  }
}

/** The answer a record holds, as a fresh copy: never a view of the arena. */
export function unpackAnswer(arena: Buffer, offset: number, length: number): Answer {
  const bodyStart = offset + HEAD + arena.readUInt32BE(offset + 2);
  return {
    statusCode: arena.readUInt16BE(offset),
    headers: JSON.parse(arena.toString("utf8", offset + HEAD, bodyStart)) as Record<string, string>,
    body: Buffer.from(arena.subarray(bodyStart, offset + length)),
  };
}
