package com.google.cloud.storage.contrib.nio.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.google.api.services.storage.model.StorageObject;
import com.google.cloud.Tuple;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.spi.v1.StorageRpc;

/**
 * LocalStorageHelper's in-memory GCS, with the paging it lacks: its fake answers the
 * first page (of an unordered map) and no page token, so a listing that does not follow
 * pages would pass its tests. This one orders names, honours page size and page token,
 * and hands out a token while names remain, as GCS does. It lives in the fake's package
 * because the fake is package-private.
 */
public final class PagingLocalStorage {

	private PagingLocalStorage() {
	}

	public static Storage service() {
		return StorageOptions.newBuilder()
			.setProjectId("fake-project-for-testing")
			.setServiceRpcFactory(new LocalStorageHelper.FakeStorageRpcFactory(new PagingRpc()))
			.build()
			.getService();
	}

	static final class PagingRpc extends FakeStorageRpc {

		PagingRpc() {
			super(true);
		}

		@Override
		public Tuple<String, Iterable<StorageObject>> list(String bucket, Map<StorageRpc.Option, ?> options) {
			Map<StorageRpc.Option, Object> rest = new EnumMap<>(StorageRpc.Option.class);
			options.forEach(rest::put);
			String token = (String) rest.remove(StorageRpc.Option.PAGE_TOKEN);
			Long pageSize = (Long) rest.remove(StorageRpc.Option.MAX_RESULTS);
			List<StorageObject> all = new ArrayList<>();
			super.list(bucket, rest).y().forEach(all::add);
			all.sort(Comparator.comparing(StorageObject::getName));
			List<StorageObject> page = new ArrayList<>();
			for (StorageObject object : all) {
				if (token != null && object.getName().compareTo(token) <= 0) {
					continue;
				}
				if (pageSize != null && page.size() == pageSize) {
					return Tuple.of(page.get(page.size() - 1).getName(), page);
				}
				page.add(object);
			}
			return Tuple.of(null, page);
		}

	}

}
