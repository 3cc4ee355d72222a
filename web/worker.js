// The converter, in a worker of its own so the page stays responsive while a large
// description converts. Each message is {id, op, args}; the answer is {id, result}, or
// {id, failure} when the module could not start or an operation threw.

import init, * as cc from "./pkg/connector_convert.js";

const OPS = new Set(["convert", "check", "diff", "overlay", "digest", "preview", "fragment", "version"]);
const ready = init();

self.onmessage = async ({ data }) => {
  const { id, op, args } = data;
  try {
    await ready;
    if (!OPS.has(op)) throw new Error(`no operation ${op}`);
    self.postMessage({ id, result: cc[op](...args) });
  } catch (e) {
    self.postMessage({ id, failure: String(e) });
  }
};
