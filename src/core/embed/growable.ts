/** Typed arrays that grow by doubling, for outputs whose length is known only at the end. */

type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
type TypedArrayClass<T extends TypedArray> = new (length: number) => T;

export class Growable<T extends TypedArray> {
  private data: T;
  private used = 0;
  private readonly kind: TypedArrayClass<T>;

  constructor(kind: TypedArrayClass<T>, initialLength = 1024) {
    this.kind = kind;
    this.data = new kind(Math.max(1, initialLength));
  }

  get length(): number {
    return this.used;
  }

  /** Appends `values` (same element type), growing the storage when needed. */
  append(values: ArrayLike<number>): void {
    this.reserve(this.used + values.length);
    this.data.set(values, this.used);
    this.used += values.length;
  }

  /** The filled part, as an array of its own size (the spare capacity is released). */
  finish(): T {
    if (this.used === this.data.length) return this.data;
    const exact = new this.kind(this.used);
    exact.set(this.data.subarray(0, this.used));
    return exact;
  }

  private reserve(needed: number): void {
    if (needed <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < needed) capacity *= 2;
    const larger = new this.kind(capacity);
    larger.set(this.data);
    this.data = larger;
  }
}
