import net from 'node:net';

/**
 * The addresses media may flow from: the provider's media anchors (rtpengine, an SBC). Any
 * other address in an SDP (a caller's phone, home router, mobile network) is removed before
 * the renderer sees it.
 */
export class MediaServerList {
  private readonly list = new net.BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (!net.isIP(address)) throw new Error(`media server entry is not an IP address or CIDR: ${entry}`);
      if (prefix === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(prefix), family);
    }
  }

  allows(address: string): boolean {
    const family = net.isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}
