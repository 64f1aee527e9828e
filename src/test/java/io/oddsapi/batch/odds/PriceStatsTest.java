package io.oddsapi.batch.odds;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceStatsTest {

	@Test
	void decimalPricesIncludingIntegralOnes() {
		assertThat(stats(1.91, 2, 3, 1.5).detect()).isEqualTo(PriceFormat.DECIMAL);
	}

	@Test
	void anyPriceAtMostMinus100IsAmerican() {
		assertThat(stats(-110, 1.9).detect()).isEqualTo(PriceFormat.AMERICAN);
	}

	@Test
	void allIntegralWithOneAtLeast100IsAmerican() {
		assertThat(stats(150, 200, 100).detect()).isEqualTo(PriceFormat.AMERICAN);
		assertThat(stats(2, 3, 99).detect()).isEqualTo(PriceFormat.DECIMAL);
	}

	@Test
	void conversionsBothWays() {
		assertThat(PriceFormat.AMERICAN.convert(-110)).isEqualTo(new PriceFormat.Price(1.9091, -110));
		assertThat(PriceFormat.AMERICAN.convert(250)).isEqualTo(new PriceFormat.Price(3.5, 250));
		assertThat(PriceFormat.DECIMAL.convert(1.8)).isEqualTo(new PriceFormat.Price(1.8, -125));
		assertThat(PriceFormat.DECIMAL.convert(2.5)).isEqualTo(new PriceFormat.Price(2.5, 150));
		assertThat(PriceFormat.DECIMAL.convert(2)).isEqualTo(new PriceFormat.Price(2, 100));
	}

	@Test
	void impossiblePricesAreNamed() {
		assertThatThrownBy(() -> stats(1.9, 0).validate(PriceFormat.DECIMAL))
			.hasMessage("price 0 is not a valid decimal price (decimal prices are greater than 1)");
		assertThatThrownBy(() -> stats(1.9, -1.5).validate(PriceFormat.DECIMAL))
			.hasMessageContaining("price -1.5 is not a valid decimal price");
		assertThatThrownBy(() -> stats(-110, 1.9).validate(PriceFormat.AMERICAN))
			.hasMessageContaining("price 1.9 is not a valid American price");
		assertThatThrownBy(() -> stats(-110, -50).validate(PriceFormat.AMERICAN))
			.hasMessageContaining("price -50 is not a valid American price");
	}

	private static PriceStats stats(double... prices) {
		PriceStats stats = new PriceStats();
		for (double price : prices) {
			stats.accept(price);
		}
		return stats;
	}

}
