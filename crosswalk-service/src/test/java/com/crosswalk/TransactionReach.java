package com.crosswalk;

import com.crosswalk.erp.connector.ErpConnector;
import com.crosswalk.erp.connector.ErpConnectorProvider;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The call graph behind {@code ArchitectureTest.noTransactionWaitsForTheErp}: from every method that runs in (or
 * opens) a database transaction, everything it reaches through the service's own classes, and where that ends in an
 * ERP call, the path to it.
 */
final class TransactionReach {

    private static final Set<String> TRANSACTIONAL = Set.of(
            "org.springframework.transaction.annotation.Transactional", "jakarta.transaction.Transactional");
    private static final Set<String> TEMPLATE = Set.of(
            "org.springframework.transaction.support.TransactionTemplate",
            "org.springframework.transaction.support.TransactionOperations");

    private final JavaClasses classes;
    private final Map<JavaCodeUnit, List<JavaCodeUnit>> callees = new HashMap<>();
    private int roots;

    TransactionReach(JavaClasses classes) {
        this.classes = classes;
    }

    int roots() {
        return roots;
    }

    /** One line per transaction root that reaches the ERP: the path of calls. */
    List<String> violations() {
        List<String> out = new ArrayList<>();
        for (JavaClass c : classes) {
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (isRoot(m)) {
                    roots++;
                    path(m).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private boolean isRoot(JavaCodeUnit m) {
        if (TRANSACTIONAL.stream().anyMatch(a -> m.isAnnotatedWith(a) || m.getOwner().isAnnotatedWith(a))
                && m instanceof JavaMethod) {
            return true;
        }
        return m.getCallsFromSelf().stream().anyMatch(call -> TEMPLATE.contains(call.getTargetOwner().getName())
                && call.getName().startsWith("execute"));
    }

    /** Breadth first from a root; the first ERP call found, with the way there. */
    private Optional<String> path(JavaCodeUnit root) {
        Map<JavaCodeUnit, JavaCodeUnit> cameFrom = new HashMap<>();
        Deque<JavaCodeUnit> queue = new ArrayDeque<>();
        Set<JavaCodeUnit> seen = new LinkedHashSet<>();
        queue.add(root);
        seen.add(root);
        while (!queue.isEmpty()) {
            JavaCodeUnit m = queue.poll();
            for (JavaCall<?> call : m.getCallsFromSelf()) {
                if (isErp(call.getTargetOwner())) {
                    List<String> way = new ArrayList<>();
                    way.add(call.getTargetOwner().getSimpleName() + "." + call.getName());
                    for (JavaCodeUnit at = m; at != null; at = cameFrom.get(at)) {
                        way.add(0, at.getOwner().getSimpleName() + "." + at.getName());
                    }
                    return Optional.of(String.join(" -> ", way) + " (" + call.getSourceCodeLocation() + ")");
                }
            }
            for (JavaCodeUnit next : callees(m)) {
                if (seen.add(next)) {
                    cameFrom.put(next, m);
                    queue.add(next);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isErp(JavaClass owner) {
        return owner.isAssignableTo(ErpConnector.class) || owner.isAssignableTo(ErpConnectorProvider.class)
                || owner.getPackageName().startsWith("com.crosswalk.acumatica.client");
    }

    /** The service's code units a method calls: the target itself and, for a call on a type, its overrides. */
    private List<JavaCodeUnit> callees(JavaCodeUnit m) {
        return callees.computeIfAbsent(m, unit -> {
            List<JavaCodeUnit> out = new ArrayList<>();
            for (JavaCall<?> call : unit.getCallsFromSelf()) {
                JavaClass owner = call.getTargetOwner();
                if (!owner.getPackageName().startsWith("com.crosswalk") || !classes.contain(owner.getName())) {
                    continue;
                }
                call.getTarget().resolveMember().ifPresent(out::add);
                if (call.getTarget() instanceof com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget target) {
                    for (JavaClass impl : classes) {
                        if (impl != owner && impl.isAssignableTo(owner.getName())) {
                            impl.tryGetMethod(call.getName(), target.getRawParameterTypes().stream()
                                    .map(JavaClass::getName).toArray(String[]::new)).ifPresent(out::add);
                        }
                    }
                }
            }
            return out;
        });
    }
}
