package io.oddsapi.batch.api;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.oddsapi.batch.run.InvalidRequestValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of the API as an RFC 9457 problem whose detail says what to change. */
@ServerMode
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> api(ApiException ex) {
		return ResponseEntity.status(ex.status()).body(ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage()));
	}

	@ExceptionHandler(PooledLaunches.Busy.class)
	ResponseEntity<ProblemDetail> busy(PooledLaunches.Busy ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()));
	}

	/**
	 * Nothing internal reaches the caller: a correlation id that the log line with the
	 * exception carries.
	 */
	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<ProblemDetail> unexpected(RuntimeException ex) {
		String correlationId = UUID.randomUUID().toString();
		log.error("API call failed (correlation id {}): {}", correlationId, ex.getMessage(), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"the server failed; its log has the cause under correlation id " + correlationId);
		problem.setProperty("correlationId", correlationId);
		return ResponseEntity.internalServerError().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		String detail;
		if (cause instanceof InvalidRequestValue invalid) {
			detail = invalid.getMessage();
		}
		else if (ex.getCause() instanceof InvalidFormatException format && format.getTargetType() == LocalDate.class) {
			detail = InvalidRequestValue.notADate(lastProperty(format), format.getValue()).getMessage();
		}
		else {
			String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
					: cause.getMessage().lines().findFirst().orElse("");
			detail = "the request body is not the JSON this call takes: " + reason;
		}
		return badRequest(ex, detail, headers, request);
	}

	/** A query or path value that does not convert to the parameter's type. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
				: ex.getPropertyName();
		String detail;
		if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof InvalidRequestValue invalid) {
			detail = invalid.getMessage();
		}
		else if (ex.getRequiredType() == LocalDate.class) {
			detail = InvalidRequestValue.notADate(name, ex.getValue()).getMessage();
		}
		else {
			detail = name + " '" + InvalidRequestValue.printable(ex.getValue()) + "' is not a whole number";
		}
		return badRequest(ex, detail, headers, request);
	}

	/** A parameter outside its constraint, as {@code page must be 0 or more, was -1}. */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()
						+ ", was " + InvalidRequestValue.printable(result.getArgument())))
			.collect(Collectors.joining("; "));
		return badRequest(ex, detail, headers, request);
	}

	/**
	 * A body that lacks what the call needs: the constraints' own messages, once each.
	 */
	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map(ObjectError::getDefaultMessage)
			.distinct()
			.collect(Collectors.joining("; "));
		return badRequest(ex, detail, headers, request);
	}

	private ResponseEntity<Object> badRequest(Exception ex, String detail, HttpHeaders headers, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static String lastProperty(InvalidFormatException format) {
		List<JacksonException.Reference> path = format.getPath();
		return path.isEmpty() ? "value" : path.get(path.size() - 1).getPropertyName();
	}

}
