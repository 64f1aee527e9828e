package io.oddsapi.batch.console;

import io.oddsapi.batch.api.ServerMode;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console's scripts and style, from the jar. */
@ServerMode
@Configuration(proxyBeanMethods = false)
class ConsoleResources implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/console/assets/**")
			.addResourceLocations("classpath:/console/assets/")
			.setCacheControl(CacheControl.noCache());
	}

}
