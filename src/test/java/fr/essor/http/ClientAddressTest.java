package fr.essor.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(TrustedProxies.of(List.of("10.0.0.0/8", "::1")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        ClientAddress none = new ClientAddress(TrustedProxies.none());
        assertThat(none.resolve("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.resolve("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheRightMostUntrustedHop() {
        // the client wrote "1.1.1.1" itself; 198.51.100.1 is what the outer proxy 10.1.2.3 saw
        assertThat(behindProxies.resolve("10.0.0.1", List.of("1.1.1.1, 198.51.100.1", "10.1.2.3")))
                .isEqualTo("198.51.100.1");
        assertThat(behindProxies.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(behindProxies.resolve("10.0.0.1", List.of())).as("nothing forwarded").isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", List.of("10.0.0.2"))).as("only proxies").isEqualTo("10.0.0.2");
        assertThat(behindProxies.resolve("10.0.0.1", List.of("198.51.100.1, junk"))).as("garbage stops the walk")
                .isEqualTo("10.0.0.1");
    }

    @Test
    void onlyAddressLiteralsAndBlocksAreTrusted() {
        TrustedProxies proxies = TrustedProxies.of(List.of("192.168.0.0/16", "fd00::/8", "127.0.0.1"));
        assertThat(proxies.contains(TrustedProxies.parse("192.168.44.1"))).isTrue();
        assertThat(proxies.contains(TrustedProxies.parse("192.169.0.1"))).isFalse();
        assertThat(proxies.contains(TrustedProxies.parse("fd12::1"))).isTrue();
        assertThat(proxies.contains(TrustedProxies.parse("::ffff:127.0.0.1"))).isTrue();
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example.org"))).hasMessageContaining("proxy.example.org");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
    }
}
