// Zip archives in the browser, without a library: writing stores files uncompressed (the
// package is three JSON files; the platform and paconn read stored entries), reading takes
// stored and deflated entries (what zip tools write), inflating with DecompressionStream.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `files` ([{name, text}]), every entry stored, dated 1980-01-01 so the bytes depend on the files only. */
export function writeZip(files) {
  const encoder = new TextEncoder();
  const entries = files.map((f) => {
    const name = encoder.encode(f.name);
    const data = encoder.encode(f.text);
    return { name, data, crc: crc32(data) };
  });
  const parts = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const local = header(30, e);
    local.u32(0, 0x04034b50);
    local.u16(4, 20);
    fields(local, 6, e);
    local.bytes(30, e.name);
    parts.push(local.buffer, e.data);
    const c = header(46, e);
    c.u32(0, 0x02014b50);
    c.u16(4, 20);
    c.u16(6, 20);
    fields(c, 8, e);
    c.u32(42, offset);
    c.bytes(46, e.name);
    central.push(c.buffer);
    offset += local.buffer.length + e.data.length;
  }
  const size = central.reduce((n, c) => n + c.length, 0);
  const end = view(new Uint8Array(22));
  end.u32(0, 0x06054b50);
  end.u16(8, entries.length);
  end.u16(10, entries.length);
  end.u32(12, size);
  end.u32(16, offset);
  return new Blob([...parts, ...central, end.buffer], { type: "application/zip" });
}

function header(fixed, e) {
  return view(new Uint8Array(fixed + e.name.length));
}

// From the flags on, local and central headers agree: flags, method (0: stored), time,
// date, CRC, sizes, name length.
function fields(v, at, e) {
  v.u16(at, 0x0800); // names are UTF-8
  v.u16(at + 2, 0);
  v.u16(at + 4, 0);
  v.u16(at + 6, 0x21); // 1980-01-01
  v.u32(at + 8, e.crc);
  v.u32(at + 12, e.data.length);
  v.u32(at + 16, e.data.length);
  v.u16(at + 20, e.name.length);
}

function view(buffer) {
  const dv = new DataView(buffer.buffer);
  return {
    buffer,
    u16: (at, v) => dv.setUint16(at, v, true),
    u32: (at, v) => dv.setUint32(at, v, true),
    bytes: (at, b) => buffer.set(b, at),
  };
}

/** The files of a zip (an ArrayBuffer) as [{name, bytes}]; throws an Error naming what is wrong. */
export async function readZip(arrayBuffer) {
  const bytes = new Uint8Array(arrayBuffer);
  const dv = new DataView(arrayBuffer);
  const end = findEnd(dv);
  const count = dv.getUint16(end + 10, true);
  let at = dv.getUint32(end + 16, true);
  const files = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || dv.getUint32(at, true) !== 0x02014b50) throw new Error("the zip's directory is damaged");
    const method = dv.getUint16(at + 10, true);
    const compressed = dv.getUint32(at + 20, true);
    const nameLength = dv.getUint16(at + 28, true);
    const extra = dv.getUint16(at + 30, true);
    const comment = dv.getUint16(at + 32, true);
    const local = dv.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (name.endsWith("/")) continue;
    if (local + 30 > bytes.length) throw new Error(`the zip entry ${name} is outside the file`);
    const start = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) files.push({ name, bytes: data });
    else if (method === 8) files.push({ name, bytes: await inflate(data) });
    else throw new Error(`the zip entry ${name} uses compression method ${method}; re-zip it with deflate`);
  }
  return files;
}

function findEnd(dv) {
  for (let at = dv.byteLength - 22; at >= Math.max(0, dv.byteLength - 22 - 65535); at--) {
    if (dv.getUint32(at, true) === 0x06054b50) return at;
  }
  throw new Error("this is not a zip file");
}

async function inflate(data) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
