package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTextTest {

	@Test
	void theTextIsToStringsWhateverWasRememberedBefore() {
		Random random = new Random(7);
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			Instant at = Instant.parse("2026-01-14T00:00:00Z").plusSeconds(random.nextInt(86_400 * 3));
			values.add(switch (i % 5) {
				case 0 -> at;
				case 1 -> at.plusNanos(random.nextInt(1_000_000_000)); // 2026-01-14T...:07.123456789Z
				case 2 -> LocalDate.of(2026, 1, 1).plusDays(random.nextInt(400));
				case 3 -> Math.round(random.nextDouble() * 1000) / 100.0;
				default -> (long) random.nextInt();
			});
		}
		for (int round = 0; round < 2; round++) {
			// the second round reads what the first remembered, or evicted
			for (Object value : values) {
				assertThat(ValueText.of(value)).isEqualTo(value.toString());
			}
		}
		assertThat(ValueText.of(-0.0)).isEqualTo("-0.0");
		assertThat(ValueText.of(0.0)).isEqualTo("0.0");
	}

}
