// See README.md: the CLI never asks got for its DNS cache.
export default class CacheableLookup {
  constructor() {
    throw new Error('the DNS cache is not part of the peregrine CLI bundle (got was asked for dnsCache)');
  }
}
