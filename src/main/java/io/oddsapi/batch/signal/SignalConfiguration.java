package io.oddsapi.batch.signal;

import java.io.IOException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Pub/Sub when {@code odds.notify.topic} is set; no signal otherwise. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
public class SignalConfiguration {

	@Bean
	PublicationSignal publicationSignal(NotifyProperties properties, JsonMapper json) throws IOException {
		return properties.enabled() ? new PubSubSignal(properties, json) : PublicationSignal.NONE;
	}

}
