package dev.basalt.web.openapi;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The routes Basalt's own controllers serve in a running node, as {@code "GET /v4/info"}; framework routes aside. */
final class ControllerRoutes {

    private ControllerRoutes() {
    }

    static Set<String> of(RequestMappingHandlerMapping mappings) {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.basalt")) {
                return;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    served.add("ANY " + pattern);
                }
                for (RequestMethod method : methods) {
                    served.add(method.name() + " " + pattern);
                }
            }
        });
        return served;
    }
}
