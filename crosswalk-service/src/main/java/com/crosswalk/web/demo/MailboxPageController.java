package com.crosswalk.web.demo;

import com.crosswalk.demo.DemoMailServer;
import com.crosswalk.shared.NotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The demo's Mailbox: every e-mail Crosswalk sent to the demo's SMTP server, newest first. 404 outside demo mode. */
@Controller
class MailboxPageController {

    private final ObjectProvider<DemoMailServer> server;

    MailboxPageController(ObjectProvider<DemoMailServer> server) {
        this.server = server;
    }

    @GetMapping("/demo/mailbox")
    String mailbox(Model model) {
        DemoMailServer s = server.getIfAvailable();
        if (s == null) {
            throw new NotFoundException("The mailbox exists only in demo mode");
        }
        model.addAttribute("messages", s.messages());
        return "demo/mailbox";
    }
}
