package io.permafrost.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every member of the store interfaces, called on the timed store, must reach the real store. Found by
 * reflection, so a member added to an interface later is covered without touching this test: a hand-written
 * delegate that forgot it (a default method falling through to the interface's default) fails here.
 */
class TimedStoresTest {
    /** What the real stores were asked, as {@code Interface.member(parameter types)}. */
    private final Set<String> reached = new HashSet<>();

    @Test
    void everyMetadataStoreMemberAndEveryMemberOfItsPartsReachesTheRealStore() throws Exception {
        TimedStores timing = new TimedStores();
        timing.bind(new SimpleMeterRegistry());
        MetadataStore timed = timing.metadata(recording(MetadataStore.class));

        List<String> expected = new ArrayList<>();
        for (Method member : members(MetadataStore.class)) {
            Object result = call(member, timed);
            expected.add(signature(MetadataStore.class, member));
            if (result != null && isStorePart(member.getReturnType())) {
                for (Method partMember : members(member.getReturnType())) {
                    call(partMember, result);
                    expected.add(signature(member.getReturnType(), partMember));
                }
            }
        }

        assertThat(expected).as("the interfaces have members to check").hasSizeGreaterThan(50);
        assertThat(reached).containsAll(expected);
    }

    @Test
    void everyBlobStoreMemberReachesTheRealStore() throws Exception {
        BlobStore timed = new TimedStores().blobs(recording(BlobStore.class));
        List<String> expected = new ArrayList<>();
        for (Method member : members(BlobStore.class)) {
            call(member, timed);
            expected.add(signature(BlobStore.class, member));
        }
        assertThat(reached).containsAll(expected);
    }

    @Test
    void aPartsCallIsTimedUnderItsStoreAndOperation() {
        TimedStores timing = new TimedStores();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        timing.bind(meters);
        MetadataStore timed = timing.metadata(recording(MetadataStore.class));

        timed.vaults().find("111122223333", "v");
        timed.inventorySnapshots();

        assertThat(meters.get("permafrost.store.metadata").tag("store", "vaults").tag("operation", "find")
                .timer().count()).isEqualTo(1);
    }

    private static boolean isStorePart(Class<?> type) {
        return type.isInterface() && type.getPackage() == MetadataStore.class.getPackage();
    }

    /** The interface's public instance members, inherited ones and default methods included. */
    private static List<Method> members(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers())).toList();
    }

    private static Object call(Method member, Object target) throws Exception {
        Object[] args = new Object[member.getParameterCount()];
        Class<?>[] types = member.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = neutral(types[i]);
        }
        return member.invoke(target, args);
    }

    private static String signature(Class<?> type, Method member) {
        return type.getSimpleName() + "." + member.getName() + Arrays.toString(member.getParameterTypes());
    }

    /** A store of {@code type} that notes each call and answers a store part with another recording store. */
    private <T> T recording(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? self == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(self) : type.getName();
            }
            reached.add(signature(type, method));
            Class<?> returns = method.getReturnType();
            return isStorePart(returns) && method.getParameterCount() == 0 ? recording(returns) : neutral(returns);
        }));
    }

    private static Object neutral(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Collection.class || type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isPrimitive() && type != void.class) {
            throw new IllegalArgumentException("no neutral value for " + type);
        }
        return null;
    }
}
