package fr.essor.alerts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The classifier, spelling by spelling: every way a URL parser reads a refused address is refused. */
class CallbackAddressTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            // loopback, in every IPv4 spelling URL parsers (WHATWG, inet_aton) accept
            "127.0.0.1|loopback", "127.1|loopback", "127.0.1|loopback", "0x7f000001|loopback", "0x7F000001|loopback",
            "2130706433|loopback", "0177.0.0.1|loopback", "0177.0.0.01|loopback", "127.000.000.001|loopback",
            "0x7f.0x0.0x0.0x1|loopback", "0x7f.1|loopback", "017700000001|loopback", "127.0.0.1.|loopback",
            "127.255.255.254|loopback", "0000000000177.0.0.1|loopback",
            // private networks, CGNAT, link-local and cloud metadata
            "10.0.0.1|private", "10.255.255.255|private", "172.16.0.1|private", "172.31.255.255|private",
            "192.168.1.1|private", "0xc0a80101|private", "3232235777|private", "100.64.0.1|carrier-grade NAT",
            "100.127.255.255|carrier-grade NAT", "169.254.169.254|link-local", "169.254.0.1|link-local",
            "0xa9fea9fe|link-local", "2852039166|link-local", "0251.0376.0251.0376|link-local",
            // unspecified, broadcast, multicast, reserved
            "0.0.0.0|unspecified", "0|unspecified", "0x0|unspecified", "0.1.2.3|unspecified", "255.255.255.255|broadcast",
            "4294967295|broadcast", "224.0.0.1|multicast", "239.255.255.250|multicast", "240.0.0.1|reserved",
            "192.0.0.8|reserved", "192.0.2.1|documentation", "198.18.0.1|benchmarking",
            // IPv6 and IPv6 spellings of refused IPv4 addresses
            "[::1]|loopback", "[0:0:0:0:0:0:0:1]|loopback", "[::]|unspecified", "[fe80::1]|link-local",
            "[febf:ffff::1]|link-local", "[fc00::1]|unique-local", "[fd12:3456::1]|unique-local", "[ff02::1]|multicast",
            "[fec0::1]|site-local", "[::ffff:127.0.0.1]|IPv4-mapped IPv6 address embedding a loopback",
            "[::ffff:7f00:1]|IPv4-mapped IPv6 address embedding a loopback", "[::FFFF:169.254.169.254]|link-local",
            "[0:0:0:0:0:ffff:a00:1]|private", "[::127.0.0.1]|IPv4-compatible IPv6 address embedding a loopback",
            "[::7f00:1]|IPv4-compatible", "[64:ff9b::127.0.0.1]|NAT64 IPv6 address embedding a loopback",
            "[64:ff9b::a9fe:a9fe]|link-local", "[64:ff9b::10.0.0.1]|private", "[64:ff9b:1::1]|local-use NAT64",
            "[2002:7f00:1::]|6to4", "[2002:c0a8:101::1]|private", "[2001:db8::1]|documentation", "[100::1]|global unicast",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe]|Teredo",
            // names kept for the local host and network
            "localhost|localhost", "LOCALHOST|localhost", "localhost.|localhost", "foo.localhost|localhost",
            "a.b.localhost.|localhost", "metadata.google.internal|internal", "metadata.google.internal.|internal",
            "printer.local|.local", "intranet|single-label", "metadata|single-label",
    })
    void refused(String host, String reason) {
        assertThat(CallbackAddress.hostRefusal(host)).as(host).isNotNull().containsIgnoringCase(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.5", "256.0.0.1", "127.0.0.256", "1.16777216", "4294967296", "0x100000000", "08.0.0.1",
            "0xg.0.0.1", "example.123", "1..2.3", "[::1%eth0]", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[12345::]", "[::1.2.3]",
            "[::01.2.3.4]", "[:1]", "[1.2.3.4::]", "under_score.example.org", "-bad.example.org", "%31%32%37.0.0.1",
            "exa mple.org", "café.example.org", "ex..ample.org"})
    void malformedHostsAreRefused(String host) {
        assertThat(CallbackAddress.hostRefusal(host)).as(host).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org", "hooks.example.org.", "EXAMPLE.ORG", "xn--caf-dma.example.org", "8.8.8.8",
            "93.184.215.14", "172.32.0.1", "172.15.255.255", "100.128.0.1", "169.253.1.1", "[2606:4700:4700::1111]",
            "[2a00:1450:4007:80c::200e]", "[::ffff:8.8.8.8]", "[64:ff9b::8.8.8.8]", "[2002:808:808::1]", "1.example.org",
            "123abc.example.org"})
    void publicHostsPass(String host) {
        assertThat(CallbackAddress.hostRefusal(host)).as(host).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x08080808", "134744072", "8.8.2056", "010.8.8.8"})
    void publicAddressesInUnusualSpellingsAreRefusedToo(String host) {
        assertThat(CallbackAddress.hostRefusal(host)).contains("four decimal numbers");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"127.1,127.0.0.1", "0x7f000001,127.0.0.1", "2130706433,127.0.0.1", "0177.0.0.1,127.0.0.1",
            "127.000.000.001,127.0.0.1", "0x7f.1,127.0.0.1", "192.168.257,192.168.1.1", "0x,0.0.0.0",
            "::ffff:7f00:1,127.0.0.1", "::1,0:0:0:0:0:0:0:1", "64:ff9b::10.0.0.1,64:ff9b:0:0:0:0:a00:1",
            "1:2:3:4:5:6:7:8,1:2:3:4:5:6:7:8", "1::,1:0:0:0:0:0:0:0"})
    void numericHostsAreParsedAsUrlParsersDo(String host, String address) throws Exception {
        assertThat(InetAddress.getByAddress(CallbackAddress.literal(host)).getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org", "a1.example.org", "localhost"})
    void namesAreNotLiterals(String host) {
        assertThat(CallbackAddress.literal(host)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.5", "example.0x1", "1.2.3.256"})
    void aHostEndingInANumberMustBeAnAddress(String host) {
        assertThatThrownBy(() -> CallbackAddress.literal(host)).isInstanceOf(IllegalArgumentException.class);
    }
}
