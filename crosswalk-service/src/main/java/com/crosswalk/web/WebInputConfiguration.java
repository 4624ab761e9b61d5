package com.crosswalk.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How addresses and form fields are read: {@link RequestInputFilter} first (before sign-in), and ids and numbers in
 * paths, query strings and forms as plain decimal digits — Spring's default also takes {@code 0x1}, {@code #1} and
 * {@code 01} (hex, octal), so {@code /companies/0x1} answered as company 1.
 */
@Configuration(proxyBeanMethods = false)
class WebInputConfiguration implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<RequestInputFilter> requestInputFilter() {
        FilterRegistrationBean<RequestInputFilter> bean = new FilterRegistrationBean<>(new RequestInputFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 20); // after the character encoding, before Spring Security
        return bean;
    }

    /**
     * For every controller: whole numbers from text (path variables, query parameters, form fields) as decimal digits
     * only. A property editor, as it is consulted before any converter (Spring's own number editor decodes hex).
     */
    @org.springframework.web.bind.annotation.ControllerAdvice
    static class DecimalNumbers {

        @org.springframework.web.bind.annotation.InitBinder
        void decimalOnly(org.springframework.web.bind.WebDataBinder binder) {
            binder.registerCustomEditor(long.class, new Decimal(Long::valueOf, false));
            binder.registerCustomEditor(Long.class, new Decimal(Long::valueOf, true));
            binder.registerCustomEditor(int.class, new Decimal(Integer::valueOf, false));
            binder.registerCustomEditor(Integer.class, new Decimal(Integer::valueOf, true));
        }
    }

    static final class Decimal extends java.beans.PropertyEditorSupport {
        private final java.util.function.Function<String, Number> parse;
        private final boolean allowEmpty;

        Decimal(java.util.function.Function<String, Number> parse, boolean allowEmpty) {
            this.parse = parse;
            this.allowEmpty = allowEmpty;
        }

        @Override
        public void setAsText(String text) {
            String digits = decimal(text == null ? "" : text);
            if (digits == null) {
                if (!allowEmpty) {
                    throw new IllegalArgumentException("a whole number is required");
                }
                setValue(null);
                return;
            }
            setValue(parse.apply(digits));
        }
    }

    /** The digits of a whole number, optionally signed; anything else (hex, spaces, a leading zero) is refused. */
    static String decimal(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        if (!t.matches("[-+]?(0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("not a whole number");
        }
        return t;
    }
}
