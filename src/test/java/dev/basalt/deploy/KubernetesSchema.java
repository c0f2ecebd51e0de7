package dev.basalt.deploy;

import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The Kubernetes API types (fabric8's model of them), read strictly: {@code helm template} does not validate the
 * objects it renders, so a misspelt field ({@code readOnlyRootFileSystem}) would reach the cluster, which drops it
 * silently. The model normally collects unknown fields in a map; here they are errors.
 */
final class KubernetesSchema {

    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/Pod", Pod.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    private KubernetesSchema() {
    }

    /** Whether this kind is checked (custom resources such as ServiceMonitor are not). */
    static boolean knows(Map<String, Object> object) {
        return TYPES.containsKey(object.get("apiVersion") + "/" + object.get("kind"));
    }

    /** Reads the object as its API type; throws naming the first field the type does not have. */
    static void check(Map<String, Object> object) {
        Class<?> type = TYPES.get(object.get("apiVersion") + "/" + object.get("kind"));
        if (type == null) {
            throw new IllegalArgumentException("no API type for " + object.get("apiVersion") + " " + object.get("kind"));
        }
        STRICT.convertValue(object, type);
    }
}
