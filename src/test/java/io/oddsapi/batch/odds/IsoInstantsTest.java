package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

	@Test
	void theHandReadFormAgreesWithJavaTimeOverFourCenturies() {
		Random random = new Random(3);
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 12_000_000_000L));
			String text = instant.toString();
			assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
		}
		assertThat(IsoInstants.parse("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-01-14T21:00:00.123Z", "2026-01-14T21:00:00+01:00", "2026-01-14T21:00Z",
			"2026-01-14T21:00:00.5-05:00" })
	void otherIsoFormsGoToJavaTime(String text) {
		assertThat(IsoInstants.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
			"2026-01-14T24:00:00Z", "2026-01-14T21:60:00Z", "2026-01-14T21:00:60Z", "2026-01-1xT21:00:00Z",
			"2026-01-14 21:00:00Z", "2026-01-14T21:00:00", "tomorrow evening", "" })
	void whatIsNotAnIsoTimeIsNull(String text) {
		assertThat(IsoInstants.parse(text)).isNull();
	}

}
