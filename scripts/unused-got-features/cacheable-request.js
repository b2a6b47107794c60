// See README.md: the CLI never asks got for its response cache.
export default class CacheableRequest {
  constructor() {
    throw new Error('the response cache is not part of the peregrine CLI bundle (got was asked for cache)');
  }
}
// got tells its cache's errors apart with instanceof: no error is ever one of these.
export class CacheError extends Error {}
