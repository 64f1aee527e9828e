package io.oddsapi.batch.api;

import java.util.Arrays;
import java.util.Locale;

import io.oddsapi.batch.run.InvalidRequestValue;
import io.oddsapi.batch.source.OddsEndpoint;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.batch.core.BatchStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How request values become the API's types: an endpoint by its folder (in a query and in
 * a body), a status by its name in any case. What does not convert is an
 * {@link InvalidRequestValue}, which the API answers as a 400 that names it.
 */
@ServerMode
@Configuration(proxyBeanMethods = false)
class RequestBinding implements WebMvcConfigurer {

	/** A calendar date, strictly: no other form, no day past a month's end. */
	static final String DATE = "uuuu-MM-dd";

	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(String.class, OddsEndpoint.class, RequestBinding::endpoint);
		registry.addConverter(String.class, BatchStatus.class, RequestBinding::status);
	}

	@Bean
	JacksonModule oddsEndpointJson() {
		return new SimpleModule("odds-endpoint").addDeserializer(OddsEndpoint.class, new ValueDeserializer<>() {
			@Override
			public OddsEndpoint deserialize(JsonParser parser, DeserializationContext context) {
				return endpoint(parser.getValueAsString());
			}
		});
	}

	static OddsEndpoint endpoint(String folder) {
		return OddsEndpoint.fromFolder(folder).orElseThrow(() -> InvalidRequestValue.unknownEndpoint(folder));
	}

	static BatchStatus status(String name) {
		return Arrays.stream(BatchStatus.values())
			.filter(status -> status.name().equals(name.trim().toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new InvalidRequestValue("unknown status '" + InvalidRequestValue.printable(name)
					+ "' (known: " + Arrays.toString(BatchStatus.values()) + ")"));
	}

}
