package fr.essor;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
class WarmupTest { @Test void t() { assertThat(1).isEqualTo(1); } }
