// See README.md: the CLI never asks got for HTTP/2.
const unavailable = () => {
  throw new Error('HTTP/2 is not part of the peregrine CLI bundle (got was asked for http2)');
};
export default {
  get auto() {
    return unavailable;
  },
  get globalAgent() {
    return unavailable();
  },
};
