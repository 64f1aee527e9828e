package io.oddsapi.batch.localbigquery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A local BigQuery for a whole test class: the annotated static field gets one started
 * before the class's {@code @BeforeAll} methods (on a port the server picks) and stopped
 * after its {@code @AfterAll} methods.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalBigQueryServer.Extension.class)
public @interface LocalBigQueryServer {

	final class Extension implements BeforeAllCallback, AfterAllCallback {

		@Override
		public void beforeAll(ExtensionContext context) throws IllegalAccessException {
			for (Field field : fields(context)) {
				field.set(null, LocalBigQueryProcess.start());
			}
		}

		@Override
		public void afterAll(ExtensionContext context) throws IllegalAccessException {
			for (Field field : fields(context)) {
				if (field.get(null) instanceof LocalBigQueryProcess local) {
					local.close();
					field.set(null, null);
				}
			}
		}

		private static List<Field> fields(ExtensionContext context) {
			List<Field> fields = AnnotationSupport.findAnnotatedFields(context.getRequiredTestClass(),
					LocalBigQueryServer.class);
			for (Field field : fields) {
				if (!Modifier.isStatic(field.getModifiers()) || field.getType() != LocalBigQueryProcess.class) {
					throw new IllegalStateException(
							"@LocalBigQueryServer goes on a static LocalBigQueryProcess field: " + field);
				}
				field.setAccessible(true);
			}
			return fields;
		}

	}

}
