package io.gradstream.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may not reach unless private targets are allowed. */
class NonPublicAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.0.9, loopback",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.10, private",
    "100.64.0.1, carrier-grade NAT",
    "169.254.1.1, link-local",
    "169.254.169.254, cloud metadata",
    "169.254.170.2, cloud metadata",
    "100.100.100.200, cloud metadata",
    "0.0.0.0, unspecified",
    "224.0.0.251, multicast",
    "239.255.255.250, multicast",
    "255.255.255.255, broadcast",
    "::, unspecified",
    "::1, loopback",
    "fe80::1, link-local",
    "fd12:3456::1, unique-local",
    "fc00::1, unique-local",
    "ff02::1, multicast",
    "fd00:ec2::254, cloud metadata",
    "'::ffff:127.0.0.1', loopback",
    "'::ffff:169.254.169.254', cloud metadata",
    "'::ffff:10.0.0.1', private",
    "'64:ff9b::a00:1', NAT64 private",
    "'2002:7f00:1::', 6to4 loopback"
  })
  void nonPublicAddressesAreNamedByTheirRange(String literal, String range) throws Exception {
    assertThat(NonPublicAddresses.rangeOf(InetAddress.getByName(literal)))
        .hasValueSatisfying(name -> assertThat(name).contains(range));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "192.169.0.1",
        "100.128.0.1",
        "93.184.216.34",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "64:ff9b::808:808"
      })
  void publicAddressesPass(String literal) throws Exception {
    assertThat(NonPublicAddresses.rangeOf(InetAddress.getByName(literal))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "192.168.0.7", "169.254.169.254"})
  void anIpv6AddressCarryingAnIpv4OneIsJudgedByIt(String v4) throws Exception {
    // InetAddress.getByName turns "::ffff:a.b.c.d" into an IPv4 address; a socket API may still
    // hand over the
    // 16-byte form, so it is judged as such too.
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, mapped, 12, 4);
    InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(address.getAddress()).hasSize(16);
    assertThat(NonPublicAddresses.rangeOf(address))
        .hasValueSatisfying(name -> assertThat(name).startsWith("IPv4-mapped"));
  }
}
