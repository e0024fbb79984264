package io.gradstream.common.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tells addresses that reach only this host, its network or its cloud provider (loopback, private,
 * link-local, unique-local, multicast, unspecified, reserved, cloud metadata) from public ones, for
 * IPv4 and IPv6. An IPv6 address that carries an IPv4 one (IPv4-mapped {@code ::ffff:a.b.c.d},
 * IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the IPv4
 * address it carries, because that is where a dual-stack socket or a translator sends it.
 */
public final class NonPublicAddresses {
  private record Range(byte[] network, int bits, String name) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      if (!Arrays.equals(address, 0, full, network, 0, full)) {
        return false;
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  // Most specific first: the metadata addresses sit inside link-local and unique-local ranges.
  private static final List<Range> IPV4 =
      List.of(
          v4("169.254.169.254", 32, "cloud metadata (169.254.169.254)"),
          v4("169.254.170.2", 32, "cloud metadata (169.254.170.2, ECS task metadata)"),
          v4("100.100.100.200", 32, "cloud metadata (100.100.100.200)"),
          v4("0.0.0.0", 8, "unspecified (0.0.0.0/8)"),
          v4("10.0.0.0", 8, "private (10.0.0.0/8)"),
          v4("100.64.0.0", 10, "shared carrier-grade NAT (100.64.0.0/10)"),
          v4("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
          v4("169.254.0.0", 16, "link-local (169.254.0.0/16)"),
          v4("172.16.0.0", 12, "private (172.16.0.0/12)"),
          v4("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
          v4("192.168.0.0", 16, "private (192.168.0.0/16)"),
          v4("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
          v4("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
          v4("240.0.0.0", 4, "reserved or broadcast (240.0.0.0/4)"));

  private static final List<Range> IPV6 =
      List.of(
          v6("fd00:ec2::254", 128, "cloud metadata (fd00:ec2::254)"),
          v6("::", 128, "unspecified (::)"),
          v6("::1", 128, "loopback (::1)"),
          v6("fc00::", 7, "unique-local (fc00::/7)"),
          v6("fe80::", 10, "link-local (fe80::/10)"),
          v6("fec0::", 10, "site-local (fec0::/10)"),
          v6("ff00::", 8, "multicast (ff00::/8)"));

  // Written as bytes: InetAddress reads an IPv4-mapped literal as the IPv4 address itself.
  private static final Range MAPPED =
      new Range(
          new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0},
          96,
          "IPv4-mapped");
  private static final Range COMPATIBLE = v6("::", 96, "IPv4-compatible");
  private static final Range NAT64 = v6("64:ff9b::", 96, "NAT64");
  private static final Range SIX_TO_FOUR = v6("2002::", 16, "6to4");

  private NonPublicAddresses() {}

  /**
   * The non-public range {@code address} is in, as words for an error message (e.g. {@code
   * "loopback (127.0.0.0/8)"}), or empty for a public address.
   */
  public static Optional<String> rangeOf(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return find(IPV4, bytes);
    }
    Optional<String> v6 = find(IPV6, bytes);
    if (v6.isPresent()) {
      return v6;
    }
    for (Range carrier : List.of(MAPPED, COMPATIBLE, NAT64)) {
      if (carrier.contains(bytes)) {
        return find(IPV4, Arrays.copyOfRange(bytes, 12, 16)).map(r -> carrier.name() + " " + r);
      }
    }
    if (SIX_TO_FOUR.contains(bytes)) {
      return find(IPV4, Arrays.copyOfRange(bytes, 2, 6)).map(r -> SIX_TO_FOUR.name() + " " + r);
    }
    return Optional.empty();
  }

  private static Optional<String> find(List<Range> ranges, byte[] bytes) {
    return ranges.stream().filter(r -> r.contains(bytes)).map(Range::name).findFirst();
  }

  private static Range v4(String network, int bits, String name) {
    return new Range(literal(network), bits, name);
  }

  private static Range v6(String network, int bits, String name) {
    byte[] bytes = literal(network);
    if (bytes.length != 16) {
      // InetAddress turns some IPv6 literals into IPv4 ones; the ranges above are written so it
      // does not.
      throw new IllegalStateException(network + " is not an IPv6 literal");
    }
    return new Range(bytes, bits, name);
  }

  private static byte[] literal(String address) {
    try {
      return InetAddress.getByName(address).getAddress(); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(address + " is not an address literal", e);
    }
  }
}
