package com.crosswalk.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: the tools the signed-in user may open and, in demo mode, the ERP's own page. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "home";
    }
}
