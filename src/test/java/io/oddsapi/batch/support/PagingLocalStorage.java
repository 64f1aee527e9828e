package io.oddsapi.batch.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.google.api.services.storage.model.StorageObject;
import com.google.cloud.Tuple;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.google.cloud.storage.spi.v1.StorageRpc;

/**
 * LocalStorageHelper's in-memory GCS, with the paging it lacks: its fake answers the
 * first page (of an unordered map) and no page token, so a listing that does not follow
 * pages would pass its tests. This one orders names, honours page size and page token,
 * and hands out a token while names remain, as GCS does. The fake is package-private, so
 * its RPC is wrapped through the public {@link StorageRpc} interface.
 */
public final class PagingLocalStorage {

	private PagingLocalStorage() {
	}

	public static Storage service() {
		StorageOptions fake = LocalStorageHelper.customOptions(true);
		StorageRpc rpc = (StorageRpc) fake.getRpc();
		StorageRpc paging = (StorageRpc) Proxy.newProxyInstance(StorageRpc.class.getClassLoader(),
				new Class<?>[] { StorageRpc.class }, (proxy, method, args) -> {
					if (method.getName().equals("list") && args != null && args.length == 2
							&& args[0] instanceof String bucket) {
						return page(rpc, bucket, (Map<?, ?>) args[1]);
					}
					try {
						return method.invoke(rpc, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		return fake.toBuilder().setServiceRpcFactory(options -> paging).build().getService();
	}

	private static Tuple<String, Iterable<StorageObject>> page(StorageRpc rpc, String bucket, Map<?, ?> options) {
		Map<StorageRpc.Option, Object> rest = new EnumMap<>(StorageRpc.Option.class);
		options.forEach((option, value) -> rest.put((StorageRpc.Option) option, value));
		String token = (String) rest.remove(StorageRpc.Option.PAGE_TOKEN);
		Long pageSize = (Long) rest.remove(StorageRpc.Option.MAX_RESULTS);
		List<StorageObject> all = new ArrayList<>();
		rpc.list(bucket, rest).y().forEach(all::add);
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
