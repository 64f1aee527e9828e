package io.oddsapi.batch.signal;

/** Tells downstream jobs that a run has published, so that they re-run on fresh lines. */
public interface PublicationSignal {

	/** Sends the signal and waits until it is accepted; throws when it is not. */
	void published(Publication publication);

	/** No signal: the default, when no topic is configured. */
	PublicationSignal NONE = publication -> {
	};

}
