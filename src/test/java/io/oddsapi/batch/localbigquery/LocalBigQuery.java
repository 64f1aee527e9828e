package io.oddsapi.batch.localbigquery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.google.zetasql.Value;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local BigQuery: the BigQuery v2 REST API as the {@code google-cloud-bigquery} client
 * uses it (jobs: query, script and load by resumable upload; getQueryResults, jobs.query,
 * jobs.list of a script's children, tables.get, tabledata.list), every statement executed
 * by ZetaSQL's reference evaluator ({@link ZetaSqlEngine}). Tables live in memory until
 * it stops; any project and dataset is taken, without credentials.
 *
 * <p>
 * Jobs run asynchronously after the latency set for their kind; job ids are unique (a
 * second insert answers 409 and leaves the first job readable). Under {@code /_local/} it
 * takes settings and faults and tells what happened: latencies, faults (a job failing
 * with {@code internalError} or {@code backendError}, a job held RUNNING, an HTTP 5xx, a
 * dropped connection, jobs held until N of them have arrived so that they run at the same
 * moment), the jobs it ran and the modifications of every table.
 *
 * <p>
 * {@code ./mvnw -Plocal-bigquery -Dlocal-bigquery.port=9050 -Dlocal-bigquery.job-latency=500ms},
 * or
 * {@code java -cp <test classpath> io.oddsapi.batch.localbigquery.LocalBigQuery --port=9050 --job-latency=PT0.5S}.
 */
public final class LocalBigQuery {

	static final String RESULTS_DATASET = "_local_results";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PROJECT_PATH = Pattern.compile("^/(upload/)?bigquery/v2/projects/([^/]+)(/.*)?$");

	/** Kinds of job a latency can be set for; {@code job} is added to every job. */
	static final List<String> LATENCY_KINDS = List.of("job", "query", "dml", "ddl", "script", "load");

	private final ZetaSqlEngine engine;

	private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();

	private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

	private final Map<String, Duration> latencies = new ConcurrentHashMap<>();

	private final List<Fault> faults = new ArrayList<>();

	/** Fired faults, by "action match", kept across their removal. */
	private final Map<String, Integer> hits = new LinkedHashMap<>();

	private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
		Thread thread = new Thread(r, "local-bigquery-job");
		thread.setDaemon(true);
		return thread;
	});

	private HttpServer server;

	private record Upload(String project, ObjectNode job, ByteArrayOutputStream bytes) {
	}

	/**
	 * A fault for requests or jobs whose text contains {@code match}; {@code times} left.
	 */
	private static final class Fault {

		final String match;

		final String action;

		final long seconds;

		int times;

		/**
		 * For {@code gather}: the jobs it holds until {@code times} of them have arrived.
		 */
		final CountDownLatch gathered;

		Fault(String match, String action, long seconds, int times) {
			this.match = match;
			this.action = action;
			this.seconds = seconds;
			this.times = times;
			this.gathered = new CountDownLatch(times);
		}

	}

	LocalBigQuery(Map<String, Duration> latencies) {
		this.engine = new ZetaSqlEngine("local");
		LATENCY_KINDS.forEach(kind -> this.latencies.put(kind, Duration.ZERO));
		this.latencies.putAll(latencies);
	}

	public static void main(String[] args) throws IOException {
		int port = 9050;
		String host = "127.0.0.1";
		Map<String, Duration> latencies = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			if (pair.length != 2 || pair[1].isBlank()) {
				continue; // an unset Maven property arrives empty
			}
			if (pair[0].equals("port")) {
				port = Integer.parseInt(pair[1]);
			}
			else if (pair[0].equals("host")) {
				// loopback unless asked: it takes any project without credentials
				host = pair[1];
			}
			else if (pair[0].equals("job-latency")) {
				latencies.put("job", duration(pair[1]));
			}
			else if (pair[0].startsWith("latency.")) {
				latencies.put(pair[0].substring("latency.".length()), duration(pair[1]));
			}
		}
		LocalBigQuery local = new LocalBigQuery(latencies);
		int bound = local.start(host, port);
		System.out.println(
				"local BigQuery listening on " + bound + " (job latency " + latencies.getOrDefault("job", Duration.ZERO)
						+ "; every statement executed by ZetaSQL's reference evaluator)");
		System.out.flush();
	}

	/** {@code 500ms}, {@code 2s} or ISO-8601 ({@code PT2S}). */
	static Duration duration(String text) {
		String value = text.trim();
		if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
			return Duration.parse(value);
		}
		Matcher matcher = Pattern.compile("(\\d+)\\s*(ms|s|m)").matcher(value);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("latency '" + text + "': expected like 500ms, 2s or PT2S");
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			default -> Duration.ofMinutes(amount);
		};
	}

	int start(String host, int port) throws IOException {
		server = HttpServer.create(new InetSocketAddress(host, port), 64);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/", this::handle);
		server.start();
		return server.getAddress().getPort();
	}

	void stop() {
		server.stop(0);
		runner.shutdownNow();
	}

	// ---------------------------------------------------------------- HTTP

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
			byte[] body = exchange.getRequestBody().readAllBytes();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
			}
			Fault fault = requestFault(method + " " + path + "?" + exchange.getRequestURI().getRawQuery());
			if (fault != null) {
				if (fault.action.equals("reset")) {
					// closed without an answer: the client sees the connection drop
					return;
				}
				error(exchange, switch (fault.action) {
					case "http500" -> new BigQueryError("internalError", "injected " + fault.action);
					case "http403rateLimitExceeded" -> new BigQueryError("rateLimitExceeded", "injected: Exceeded rate "
							+ "limits: too many api requests per user per method for this user_method");
					default -> new BigQueryError("backendError", "injected " + fault.action);
				});
				return;
			}
			try {
				if (path.startsWith("/_local/")) {
					control(exchange, method, path.substring("/_local/".length()), body);
					return;
				}
				if (path.startsWith("/upload/sessions/")) {
					uploadChunk(exchange, path.substring("/upload/sessions/".length()), body);
					return;
				}
				Matcher project = PROJECT_PATH.matcher(path);
				if (!project.matches()) {
					throw new BigQueryError("notFound", "no such path: " + method + " " + path);
				}
				api(exchange, method, project.group(1) != null, project.group(2),
						project.group(3) == null ? "" : project.group(3), query, body);
			}
			catch (BigQueryError ex) {
				error(exchange, ex);
			}
			catch (RuntimeException ex) {
				error(exchange, new BigQueryError("internalError", String.valueOf(ex)));
			}
		}
	}

	private void api(HttpExchange exchange, String method, boolean upload, String project, String rest,
			Map<String, String> query, byte[] body) throws IOException {
		String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
		if (upload && method.equals("POST") && rest.equals("/jobs")) {
			String session = UUID.randomUUID().toString();
			uploads.put(session, new Upload(project, (ObjectNode) JSON.readTree(body), new ByteArrayOutputStream()));
			String host = exchange.getRequestHeaders().getFirst("Host");
			exchange.getResponseHeaders().add("Location", "http://" + host + "/upload/sessions/" + session);
			send(exchange, 200, JSON.createObjectNode());
			return;
		}
		if (parts.length >= 1 && parts[0].equals("jobs")) {
			if (parts.length == 1 && method.equals("POST")) {
				send(exchange, 200, render(insert(project, (ObjectNode) JSON.readTree(body), null)));
			}
			else if (parts.length == 1) {
				send(exchange, 200, list(project, query));
			}
			else if (parts.length == 3 && parts[2].equals("cancel")) {
				LocalJob job = job(parts[1]);
				job.cancelled = true;
				send(exchange, 200,
						JSON.createObjectNode().put("kind", "bigquery#jobCancelResponse").set("job", render(job)));
			}
			else {
				send(exchange, 200, render(job(parts[1])));
			}
			return;
		}
		if (parts.length == 1 && parts[0].equals("queries") && method.equals("POST")) {
			send(exchange, 200, syncQuery(project, (ObjectNode) JSON.readTree(body)));
			return;
		}
		if (parts.length == 2 && parts[0].equals("queries")) {
			send(exchange, 200, queryResults(job(parts[1]), query));
			return;
		}
		if (parts.length >= 1 && parts[0].equals("datasets")) {
			dataset(exchange, method, project, parts, query, body);
			return;
		}
		throw new BigQueryError("notFound", "no such call: " + method + " " + rest);
	}

	private void dataset(HttpExchange exchange, String method, String project, String[] parts,
			Map<String, String> query, byte[] body) throws IOException {
		if (parts.length <= 2 && method.equals("POST")) {
			JsonNode dataset = JSON.readTree(body);
			send(exchange, 200, dataset);
			return;
		}
		if (parts.length == 2) {
			ObjectNode dataset = JSON.createObjectNode()
				.put("kind", "bigquery#dataset")
				.put("id", project + ":" + parts[1])
				.put("location", "US");
			dataset.putObject("datasetReference").put("projectId", project).put("datasetId", parts[1]);
			send(exchange, 200, dataset);
			return;
		}
		if (parts.length >= 4 && parts[2].equals("tables")) {
			String key = parts[1] + "." + parts[3];
			if (parts.length == 5 && parts[4].equals("data")) {
				send(exchange, 200, tableData(project, parts[1], parts[3], query));
				return;
			}
			if (method.equals("DELETE")) {
				if (engine.table(key) == null) {
					throw new BigQueryError("notFound", "Not found: Table " + project + ":" + key);
				}
				engine.runStatement("DROP TABLE `" + key + "`", engine.session(null));
				exchange.sendResponseHeaders(204, -1);
				return;
			}
			send(exchange, 200, table(project, parts[1], parts[3]));
			return;
		}
		throw new BigQueryError("notFound", "no such dataset call");
	}

	// ---------------------------------------------------------------- jobs

	private LocalJob job(String id) {
		LocalJob job = jobs.get(id);
		if (job == null) {
			throw new BigQueryError("notFound", "Not found: Job " + id);
		}
		return job;
	}

	private LocalJob insert(String project, ObjectNode body, byte[] loadData) {
		JsonNode reference = body.path("jobReference");
		String id = reference.path("jobId").asString("");
		if (id.isEmpty()) {
			id = "job_" + UUID.randomUUID().toString().replace("-", "");
		}
		String location = reference.path("location").asString("US");
		ObjectNode configuration = body.has("configuration") ? (ObjectNode) body.get("configuration")
				: JSON.createObjectNode();
		configuration.put("jobType", configuration.has("load") ? "LOAD" : "QUERY");
		String statement = configuration.path("query").path("query").asString(null);
		LocalJob job = new LocalJob(id, project, location, configuration, null, statement);
		if (jobs.putIfAbsent(id, job) != null) {
			throw new BigQueryError("duplicate", "Already Exists: Job " + project + ":" + location + "." + id);
		}
		if (statement != null) {
			((ObjectNode) configuration.get("query")).putObject("destinationTable")
				.put("projectId", project)
				.put("datasetId", RESULTS_DATASET)
				.put("tableId", id);
		}
		runner.submit(() -> run(job, loadData));
		return job;
	}

	private void run(LocalJob job, byte[] loadData) {
		try {
			Fault fault = jobFault(job.id + " " + (job.statement == null ? "" : job.statement));
			if (job.isLoad()) {
				job.start();
				pause("load");
				holdOrFail(fault);
				load(job, loadData);
				job.finish(null, null);
				return;
			}
			JsonNode query = job.configuration.path("query");
			String defaultDataset = query.path("defaultDataset").path("datasetId").asString(null);
			ZetaSqlEngine.Session session = engine.session(defaultDataset, QueryParameters.of(query));
			String statement = QueryParameters.named(job.statement, query);
			if (engine.isScript(statement)) {
				job.start();
				pause("script");
				holdOrFail(fault);
				job.finish(engine.runScript(statement, session, (text, execution) -> child(job, text, execution)),
						null);
			}
			else {
				// a statement reads the tables as they are when it starts: RUNNING means
				// its snapshot is taken
				session.snapshotNow();
				job.start();
				try {
					pause(kind(job.statement));
					holdOrFail(fault);
					job.finish(engine.runStatement(statement, session), null);
				}
				finally {
					session.close();
				}
			}
		}
		catch (BigQueryError ex) {
			job.finish(null, ex);
		}
		catch (RuntimeException ex) {
			job.finish(null, new BigQueryError("internalError", String.valueOf(ex)));
		}
	}

	/**
	 * The id of a script's {@code index}th statement's child job, shaped like BigQuery's.
	 */
	static String childJobId(String scriptJobId, int index) {
		return "script_job_" + Integer.toHexString(scriptJobId.hashCode()) + "_" + index;
	}

	/**
	 * A script's statement, run as a child job of its own (what jobs.list with
	 * parentJobId shows).
	 */
	private ZetaSqlEngine.Result child(LocalJob parent, String statement, Supplier<ZetaSqlEngine.Result> execution) {
		String id = childJobId(parent.id, parent.children.size());
		ObjectNode configuration = JSON.createObjectNode().put("jobType", "QUERY");
		configuration.putObject("query").put("query", statement);
		LocalJob child = new LocalJob(id, parent.project, parent.location, configuration, parent.id, statement);
		jobs.put(id, child);
		parent.children.add(child);
		child.start();
		try {
			pause(kind(statement));
			holdOrFail(jobFault(id + " " + statement));
			ZetaSqlEngine.Result result = execution.get();
			child.finish(result, null);
			return result;
		}
		catch (BigQueryError ex) {
			child.finish(null, ex);
			throw ex;
		}
	}

	private static String kind(String statement) {
		String head = statement.stripLeading().toUpperCase(Locale.ROOT);
		if (head.startsWith("SELECT") || head.startsWith("WITH") || head.startsWith("(")) {
			return "query";
		}
		if (head.startsWith("CREATE") || head.startsWith("DROP") || head.startsWith("ALTER")) {
			return "ddl";
		}
		if (head.startsWith("BEGIN") || head.startsWith("COMMIT") || head.startsWith("ROLLBACK")) {
			return "script";
		}
		return "dml";
	}

	private void pause(String kind) {
		sleep(latencies.getOrDefault("job", Duration.ZERO).plus(latencies.getOrDefault(kind, Duration.ZERO)));
	}

	private static void holdOrFail(Fault fault) {
		if (fault == null) {
			return;
		}
		switch (fault.action) {
			case "running" -> sleep(Duration.ofSeconds(fault.seconds));
			case "gather" -> {
				fault.gathered.countDown();
				try {
					fault.gathered.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			case "internalError", "backendError" ->
				throw new BigQueryError(fault.action, "injected " + fault.action + ": the job failed, try again");
			// BigQuery's DML page: at most 20 mutating statements queued per table, then
			// this
			case "tooManyDml" -> throw new BigQueryError("invalidQuery", "injected: Resources exceeded during query "
					+ "execution: Too many DML statements outstanding against table " + fault.match + ", limit is 20");
			default -> {
			}
		}
	}

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---------------------------------------------------------------- loads

	private void uploadChunk(HttpExchange exchange, String session, byte[] body) throws IOException {
		Upload upload = uploads.get(session);
		if (upload == null) {
			throw new BigQueryError("notFound", "no upload session " + session);
		}
		upload.bytes().write(body);
		String range = exchange.getRequestHeaders().getFirst("Content-Range");
		boolean last = range == null || !range.endsWith("/*");
		if (!last) {
			long received = upload.bytes().size();
			if (received > 0) {
				exchange.getResponseHeaders().add("Range", "bytes=0-" + (received - 1));
			}
			exchange.sendResponseHeaders(308, -1);
			return;
		}
		uploads.remove(session);
		send(exchange, 200, render(insert(upload.project(), upload.job(), upload.bytes().toByteArray())));
	}

	/**
	 * Newline-delimited JSON into the destination table, by BigQuery's rules: one bad row
	 * fails the whole job.
	 */
	private void load(LocalJob job, byte[] data) {
		JsonNode load = job.configuration.path("load");
		JsonNode destination = load.path("destinationTable");
		String key = destination.path("datasetId").asString() + "." + destination.path("tableId").asString();
		Relation table = engine.table(key);
		if (table == null) {
			throw new BigQueryError("notFound", "Not found: Table " + job.project + ":" + key);
		}
		byte[] bytes = data == null ? new byte[0] : data;
		List<JsonNode> records = switch (load.path("sourceFormat").asString("NEWLINE_DELIMITED_JSON")) {
			case "NEWLINE_DELIMITED_JSON" -> jsonLines(bytes);
			case "AVRO" -> avroRecords(bytes, load.path("useAvroLogicalTypes").asBoolean(false), table);
			default ->
				throw new BigQueryError("invalid", "the local BigQuery loads newline-delimited JSON and Avro only");
		};
		boolean ignoreUnknown = load.path("ignoreUnknownValues").asBoolean(false);
		List<List<Value>> rows = new ArrayList<>();
		int line = 0;
		for (JsonNode json : records) {
			line++;
			if (!ignoreUnknown) {
				for (var field : json.properties()) {
					if (table.columnIndex(field.getKey()) < 0) {
						throw new BigQueryError("invalid",
								"Error while reading data, error message: JSON parsing error " + "in row " + line
										+ ": No such field: " + field.getKey() + ".");
					}
				}
			}
			List<Value> row = new ArrayList<>();
			for (Relation.Column column : table.columns()) {
				Value value = BigQueryTypes.fromJson(json.get(column.name()), column.type(), column.name());
				if (value.isNull() && column.required()) {
					throw new BigQueryError("invalid", "Error while reading data, error message: JSON parsing error in "
							+ "row " + line + ": Missing required field: " + column.name() + ".");
				}
				row.add(value);
			}
			rows.add(List.copyOf(row));
		}
		String disposition = load.path("writeDisposition").asString("WRITE_APPEND");
		if (disposition.equals("WRITE_EMPTY") && !table.rows().isEmpty()) {
			throw new BigQueryError("duplicate", "Already Exists: Table " + job.project + ":" + key + " is not empty");
		}
		engine.load(key, rows, disposition.equals("WRITE_TRUNCATE"));
		job.loadedRows = rows.size();
	}

	private static List<JsonNode> jsonLines(byte[] data) {
		List<JsonNode> records = new ArrayList<>();
		int line = 0;
		for (String text : new String(data, StandardCharsets.UTF_8).split("\n")) {
			line++;
			if (text.isBlank()) {
				continue;
			}
			try {
				records.add(JSON.readTree(text));
			}
			catch (RuntimeException ex) {
				throw new BigQueryError("invalid", "Error while reading data, error message: JSON parsing error in row "
						+ "starting at position " + line + ": " + ex.getMessage());
			}
		}
		return records;
	}

	/**
	 * An Avro file's records as the JSON rows they stand for. Without useAvroLogicalTypes
	 * BigQuery reads a timestamp-micros field as INT64 and a date as INT64, which a
	 * TIMESTAMP or DATE column refuses.
	 */
	private static List<JsonNode> avroRecords(byte[] data, boolean logicalTypes, Relation table) {
		List<JsonNode> records = new ArrayList<>();
		try (DataFileStream<GenericRecord> in = new DataFileStream<>(new ByteArrayInputStream(data),
				new GenericDatumReader<>())) {
			for (GenericRecord record : in) {
				ObjectNode json = JSON.createObjectNode();
				for (Schema.Field field : record.getSchema().getFields()) {
					Object value = record.get(field.pos());
					if (value == null) {
						continue;
					}
					Schema type = field.schema().isUnion()
							? field.schema().getTypes().get(field.schema().getTypes().size() - 1) : field.schema();
					LogicalType logical = logicalTypes ? type.getLogicalType() : null;
					if (logical instanceof LogicalTypes.TimestampMicros) {
						json.put(field.name(), Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS).toString());
					}
					else if (logical instanceof LogicalTypes.Date) {
						json.put(field.name(), LocalDate.ofEpochDay((Integer) value).toString());
					}
					else if (type.getLogicalType() != null && table.columnIndex(field.name()) >= 0
							&& !table.columns().get(table.columnIndex(field.name())).type().isInteger()) {
						throw new BigQueryError("invalid", "Provided Schema does not match Table. Field " + field.name()
								+ " has changed type to INTEGER");
					}
					else if (value instanceof Long number) {
						json.put(field.name(), number);
					}
					else if (value instanceof Integer number) {
						json.put(field.name(), number);
					}
					else if (value instanceof Double number) {
						json.put(field.name(), number);
					}
					else if (value instanceof Boolean bool) {
						json.put(field.name(), bool);
					}
					else {
						json.put(field.name(), value.toString());
					}
				}
				records.add(json);
			}
		}
		catch (IOException ex) {
			throw new BigQueryError("invalid",
					"Error while reading data, error message: Avro parsing error: " + ex.getMessage());
		}
		return records;
	}

	// ---------------------------------------------------------------- results

	private ObjectNode syncQuery(String project, ObjectNode request) {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode query = body.putObject("configuration").putObject("query");
		query.put("query", request.path("query").asString());
		query.put("useLegacySql", request.path("useLegacySql").asBoolean(false));
		for (String field : List.of("defaultDataset", "queryParameters", "parameterMode")) {
			if (request.has(field)) {
				query.set(field, request.get(field));
			}
		}
		body.putObject("jobReference").put("location", request.path("location").asString("US"));
		LocalJob job = insert(project, body, null);
		Map<String, String> options = new LinkedHashMap<>();
		options.put("timeoutMs", request.path("timeoutMs").asString("10000"));
		if (request.has("maxResults")) {
			options.put("maxResults", request.path("maxResults").asString());
		}
		options.put("formatOptions.useInt64Timestamp",
				request.path("formatOptions").path("useInt64Timestamp").asString("false"));
		ObjectNode response = queryResults(job, options);
		response.put("kind", "bigquery#queryResponse");
		return response;
	}

	private ObjectNode queryResults(LocalJob job, Map<String, String> options) {
		long timeout = Math.min(Long.parseLong(options.getOrDefault("timeoutMs", "10000")), 10_000);
		boolean complete = job.await(timeout);
		ObjectNode response = JSON.createObjectNode().put("kind", "bigquery#getQueryResultsResponse");
		response.set("jobReference", reference(job));
		response.put("jobComplete", complete);
		if (!complete) {
			return response;
		}
		if (job.error != null) {
			// the job is over: 400 whatever its reason, so the client reports it instead
			// of asking again
			throw new BigQueryError(job.error.reason(), job.error.getMessage()) {
				@Override
				int httpStatus() {
					return 400;
				}
			};
		}
		ZetaSqlEngine.Result result = job.result;
		if (result != null && result.schema() != null) {
			response.set("schema", schema(result.schema()));
			page(response, result.rows(), options);
		}
		else {
			response.put("totalRows", "0");
		}
		if (result != null && result.targetTable() != null
				&& result.statementType().matches("INSERT|UPDATE|DELETE|MERGE")) {
			response.put("numDmlAffectedRows", Long.toString(result.inserted() + result.updated() + result.deleted()));
		}
		response.put("cacheHit", false).put("totalBytesProcessed", "0");
		return response;
	}

	private static void page(ObjectNode response, List<List<Value>> rows, Map<String, String> options) {
		boolean int64 = Boolean.parseBoolean(options.getOrDefault("formatOptions.useInt64Timestamp", "false"));
		long start = Long.parseLong(options.getOrDefault("pageToken", options.getOrDefault("startIndex", "0")));
		long max = Long.parseLong(options.getOrDefault("maxResults", "100000"));
		response.put("totalRows", Long.toString(rows.size()));
		ArrayNode out = response.putArray("rows");
		long end = Math.min(rows.size(), start + max);
		for (long i = start; i < end; i++) {
			ArrayNode cells = out.addObject().putArray("f");
			for (Value value : rows.get((int) i)) {
				cells.addObject().set("v", BigQueryTypes.cellValue(value, int64));
			}
		}
		if (end < rows.size()) {
			response.put("pageToken", Long.toString(end));
		}
	}

	private ObjectNode tableData(String project, String dataset, String table, Map<String, String> options) {
		ObjectNode response = JSON.createObjectNode().put("kind", "bigquery#tableDataList");
		if (dataset.equals(RESULTS_DATASET)) {
			LocalJob job = job(table);
			page(response, job.result == null || job.result.rows() == null ? List.of() : job.result.rows(), options);
			return response;
		}
		Relation relation = requireTable(project, dataset + "." + table);
		page(response, relation.rows(), options);
		return response;
	}

	private Relation requireTable(String project, String key) {
		Relation relation = engine.table(key);
		if (relation == null) {
			throw new BigQueryError("notFound", "Not found: Table " + project + ":" + key);
		}
		return relation;
	}

	private ObjectNode table(String project, String dataset, String name) {
		ObjectNode table = JSON.createObjectNode()
			.put("kind", "bigquery#table")
			.put("id", project + ":" + dataset + "." + name);
		table.putObject("tableReference").put("projectId", project).put("datasetId", dataset).put("tableId", name);
		if (dataset.equals(RESULTS_DATASET)) {
			LocalJob job = job(name);
			table.put("type", "TABLE");
			if (job.result != null && job.result.schema() != null) {
				table.set("schema", schema(job.result.schema()));
				table.put("numRows", Integer.toString(job.result.rows().size()));
			}
			return table;
		}
		Relation relation = requireTable(project, dataset + "." + name);
		table.put("type", relation.isView() ? "VIEW" : "TABLE");
		table.set("schema", schema(relation.columns()));
		table.put("creationTime", Long.toString(relation.createdMillis()));
		table.put("lastModifiedTime", Long.toString(relation.modifiedMillis()));
		table.put("location", "US");
		if (relation.isView()) {
			table.putObject("view").put("query", relation.viewSql()).put("useLegacySql", false);
			return table;
		}
		table.put("numRows", Integer.toString(relation.rows().size()));
		if (relation.expirationMillis() != null) {
			table.put("expirationTime", Long.toString(relation.expirationMillis()));
		}
		if (relation.partitionColumn() != null) {
			table.putObject("timePartitioning")
				.put("type", "DAY")
				.put("field", relation.partitionColumn())
				.put("requirePartitionFilter", relation.requirePartitionFilter());
			table.put("requirePartitionFilter", relation.requirePartitionFilter());
		}
		if (!relation.clustering().isEmpty()) {
			ArrayNode fields = table.putObject("clustering").putArray("fields");
			relation.clustering().forEach(fields::add);
		}
		return table;
	}

	private static ObjectNode schema(List<Relation.Column> columns) {
		ObjectNode schema = JSON.createObjectNode();
		ArrayNode fields = schema.putArray("fields");
		for (Relation.Column column : columns) {
			fields.add(BigQueryTypes.field(column.name(), column.type(), column.required()));
		}
		return schema;
	}

	private ObjectNode list(String project, Map<String, String> query) {
		String parent = query.get("parentJobId");
		ObjectNode response = JSON.createObjectNode().put("kind", "bigquery#jobList");
		ArrayNode out = response.putArray("jobs");
		List<LocalJob> selected = new ArrayList<>();
		if (parent != null) {
			selected.addAll(job(parent).children);
		}
		else {
			jobs.values().stream().filter(j -> j.project.equals(project)).forEach(selected::add);
		}
		for (LocalJob job : selected) {
			ObjectNode rendered = render(job);
			rendered.put("state", job.state);
			out.add(rendered);
		}
		return response;
	}

	private static ObjectNode reference(LocalJob job) {
		return JSON.createObjectNode().put("projectId", job.project).put("jobId", job.id).put("location", job.location);
	}

	private ObjectNode render(LocalJob job) {
		ObjectNode out = JSON.createObjectNode()
			.put("kind", "bigquery#job")
			.put("id", job.project + ":" + job.location + "." + job.id)
			.put("user_email", "local@localhost");
		out.set("jobReference", reference(job));
		out.set("configuration", job.configuration);
		ObjectNode status = out.putObject("status").put("state", job.state);
		if (job.error != null) {
			ObjectNode error = JSON.createObjectNode()
				.put("reason", job.error.reason())
				.put("message", job.error.getMessage());
			status.set("errorResult", error);
			status.putArray("errors").add(error);
		}
		ObjectNode statistics = out.putObject("statistics").put("creationTime", Long.toString(job.createdMillis));
		if (job.startedMillis > 0) {
			statistics.put("startTime", Long.toString(job.startedMillis));
		}
		if (job.endedMillis > 0) {
			statistics.put("endTime", Long.toString(job.endedMillis));
		}
		if (job.parentId != null) {
			statistics.put("parentJobId", job.parentId);
		}
		if (!job.children.isEmpty()) {
			statistics.put("numChildJobs", Integer.toString(job.children.size()));
		}
		if (job.isLoad()) {
			statistics.putObject("load").put("outputRows", Long.toString(job.loadedRows)).put("inputFiles", "1");
		}
		else {
			ObjectNode queryStatistics = statistics.putObject("query")
				.put("totalBytesProcessed", "0")
				.put("cacheHit", false);
			ZetaSqlEngine.Result result = job.result;
			if (result != null) {
				queryStatistics.put("statementType", job.children.isEmpty() ? result.statementType() : "SCRIPT");
				if (job.children.isEmpty() && result.statementType().matches("INSERT|UPDATE|DELETE|MERGE")) {
					queryStatistics.putObject("dmlStats")
						.put("insertedRowCount", Long.toString(result.inserted()))
						.put("updatedRowCount", Long.toString(result.updated()))
						.put("deletedRowCount", Long.toString(result.deleted()));
					queryStatistics.put("numDmlAffectedRows",
							Long.toString(result.inserted() + result.updated() + result.deleted()));
				}
			}
		}
		return out;
	}

	// ---------------------------------------------------------------- control: /_local/

	private void control(HttpExchange exchange, String method, String what, byte[] body) throws IOException {
		switch (what) {
			case "latency" -> {
				if (method.equals("POST")) {
					for (var entry : JSON.readTree(body).properties()) {
						if (!LATENCY_KINDS.contains(entry.getKey())) {
							throw new BigQueryError("invalid", "latency kinds: " + LATENCY_KINDS);
						}
						latencies.put(entry.getKey(), duration(entry.getValue().asString()));
					}
				}
				ObjectNode out = JSON.createObjectNode();
				latencies.forEach((kind, value) -> out.put(kind, value.toString()));
				send(exchange, 200, out);
			}
			case "faults" -> {
				synchronized (faults) {
					if (method.equals("GET")) {
						// how often each fault fired, by "action match": a test shows its
						// fault did
						ObjectNode out = JSON.createObjectNode();
						hits.forEach(out::put);
						send(exchange, 200, out);
						return;
					}
					for (JsonNode fault : JSON.readTree(body)) {
						faults.add(new Fault(fault.path("match").asString(), fault.path("action").asString(),
								fault.path("seconds").asLong(0), fault.path("times").asInt(1)));
					}
				}
				send(exchange, 200, JSON.createObjectNode().put("faults", faults.size()));
			}
			case "jobs" -> {
				ArrayNode out = JSON.createArrayNode();
				jobs.values().stream().sorted(Comparator.comparingLong(j -> j.createdMillis)).forEach(job -> {
					ObjectNode row = out.addObject()
						.put("id", job.id)
						.put("type", job.isLoad() ? "LOAD" : "QUERY")
						.put("state", job.state)
						.put("parent", job.parentId)
						.put("statement", job.statement);
					if (job.isLoad()) {
						JsonNode destination = job.configuration.path("load").path("destinationTable");
						row.put("destination", destination.path("datasetId").asString() + "."
								+ destination.path("tableId").asString());
					}
					if (job.error != null) {
						row.put("error", job.error.reason() + ": " + job.error.getMessage());
					}
					if (job.configuration.has("jobTimeoutMs")) {
						row.put("jobTimeoutMs", job.configuration.path("jobTimeoutMs").asLong());
					}
				});
				send(exchange, 200, out);
			}
			case "modifications" -> {
				ObjectNode out = JSON.createObjectNode();
				engine.modifications().forEach(out::put);
				send(exchange, 200, out);
			}
			case "reset" -> {
				engine.reset();
				jobs.clear();
				synchronized (faults) {
					faults.clear();
					hits.clear();
				}
				send(exchange, 200, JSON.createObjectNode().put("reset", true));
			}
			default ->
				throw new BigQueryError("notFound", "control calls: latency, faults, jobs, modifications, reset");
		}
	}

	private Fault requestFault(String request) {
		return take(request, List.of("http500", "http503", "http403rateLimitExceeded", "reset"));
	}

	private Fault jobFault(String job) {
		return take(job, List.of("internalError", "backendError", "running", "gather", "tooManyDml"));
	}

	private Fault take(String text, List<String> actions) {
		synchronized (faults) {
			for (Iterator<Fault> it = faults.iterator(); it.hasNext();) {
				Fault fault = it.next();
				if (actions.contains(fault.action) && text.contains(fault.match)) {
					hits.merge(fault.action + " " + fault.match, 1, Integer::sum);
					if (--fault.times <= 0) {
						it.remove();
					}
					return fault;
				}
			}
			return null;
		}
	}

	// ---------------------------------------------------------------- plumbing

	private static Map<String, String> query(String raw) {
		Map<String, String> values = new LinkedHashMap<>();
		if (raw == null) {
			return values;
		}
		for (String pair : raw.split("&")) {
			String[] parts = pair.split("=", 2);
			values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
		}
		return values;
	}

	private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void error(HttpExchange exchange, BigQueryError error) throws IOException {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode inner = body.putObject("error").put("code", error.httpStatus()).put("message", error.getMessage());
		inner.putArray("errors")
			.addObject()
			.put("reason", error.reason())
			.put("message", error.getMessage())
			.put("domain", "global");
		send(exchange, error.httpStatus(), body);
	}

}
