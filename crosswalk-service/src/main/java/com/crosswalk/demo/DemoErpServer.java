package com.crosswalk.demo;

/** The ERP the demo company is connected to (in demo mode: the Acumatica emulator started in-process). */
public interface DemoErpServer {

    /** Base URL of the ERP as the service reaches it, e.g. {@code http://localhost:8081}. */
    String baseUrl();
}
