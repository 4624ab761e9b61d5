package com.crosswalk.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Demo mode starts a real SMTP server in-process ({@link DemoMailServer}) and sends Crosswalk's e-mails to it (instead
 * of {@code spring.mail.host}). Not for CLI commands.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${crosswalk.demo:false} and '${crosswalk.command:}' == ''")
class DemoMailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DemoMailConfiguration.class);

    @Bean(destroyMethod = "close")
    DemoMailServer demoMailServer(@Value("${crosswalk.demo-smtp-port:0}") int port) {
        DemoMailServer server = new DemoMailServer(port);
        log.info("Demo SMTP server (GreenMail) on 127.0.0.1:{} — see /demo/mailbox", server.port());
        return server;
    }

    @Bean
    JavaMailSender demoMailSender(DemoMailServer server) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(server.port());
        sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "5000");
        sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
        sender.getJavaMailProperties().put("mail.smtp.writetimeout", "5000");
        return sender;
    }
}
