package com.crosswalk;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Counts the SQL statements one HTTP request makes (issue #14's N+1 check): the service's DataSource is wrapped so
 * that every statement prepared on a request thread is counted, and a request carrying the header
 * {@value #HEADER} leaves its count under that header's value ({@link #await}). Other threads (the scheduler,
 * heartbeats) are not counted.
 */
@TestConfiguration(proxyBeanMethods = false)
public class QueryCounter {

    public static final String HEADER = "X-Count-Queries";
    private static final ThreadLocal<int[]> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<List<String>> SQL = new ThreadLocal<>();
    private static final Map<String, Integer> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> STATEMENTS_OF = new ConcurrentHashMap<>();
    private static final Set<String> STATEMENTS = Set.of("prepareStatement", "createStatement", "prepareCall");

    /** The statements of the request sent with {@code HEADER: key} (waits for the request's end). */
    public static int await(String key) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> COUNTS.containsKey(key));
        STATEMENTS_OF.remove(key);
        return COUNTS.remove(key);
    }

    /** The statements themselves (their SQL, in order) of the request sent with {@code HEADER: key}. */
    public static List<String> awaitStatements(String key) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> COUNTS.containsKey(key));
        COUNTS.remove(key);
        return STATEMENTS_OF.remove(key);
    }

    @Bean
    static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds && !Proxy.isProxyClass(bean.getClass()) ? wrap(ds) : bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<Filter> queryCountingFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            String key = request instanceof HttpServletRequest http ? http.getHeader(HEADER) : null;
            if (key == null) {
                chain.doFilter(request, response);
                return;
            }
            int[] count = {0};
            List<String> statements = new ArrayList<>();
            CURRENT.set(count);
            SQL.set(statements);
            try {
                chain.doFilter(request, response);
            } finally {
                CURRENT.remove();
                SQL.remove();
                STATEMENTS_OF.put(key, statements);
                COUNTS.put(key, count[0]);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(QueryCounter.class.getClassLoader(), new Class<?>[] {DataSource.class},
                forward(target, (method, args, result) -> method.getName().equals("getConnection") ? connection((Connection) result)
                        : result));
    }

    private static Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(QueryCounter.class.getClassLoader(), new Class<?>[] {Connection.class},
                forward(target, (method, args, result) -> {
                    if (STATEMENTS.contains(method.getName())) {
                        int[] count = CURRENT.get();
                        if (count != null) {
                            count[0]++;
                            SQL.get().add(args != null && args.length > 0 && args[0] instanceof String sql ? sql
                                    : "(" + method.getName() + ")");
                        }
                    }
                    return result;
                }));
    }

    interface After {
        Object apply(java.lang.reflect.Method method, Object[] args, Object result);
    }

    private static InvocationHandler forward(Object target, After after) {
        return (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> type
                    && type.isInstance(target)) {
                return target;
            }
            if (method.getName().equals("isWrapperFor") && args != null && args[0] instanceof Class<?> type
                    && type.isInstance(target)) {
                return true;
            }
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
