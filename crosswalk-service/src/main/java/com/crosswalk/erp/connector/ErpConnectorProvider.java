package com.crosswalk.erp.connector;

/** Makes connectors for one kind of ERP. Adding an ERP is adding a package with one of these as a Spring bean. */
public interface ErpConnectorProvider {

    /** The {@code erp_type} it serves, e.g. "acumatica". */
    String erpType();

    /** A connector for one company's settings; closed (sessions signed out) when the settings change or on shutdown. */
    ErpConnector create(ErpConnectionSettings settings);

    /** The same, noting each ERP session it opens and closes in {@code sessions}; by default notes nothing. */
    default ErpConnector create(ErpConnectionSettings settings, ErpSessionLog sessions) {
        return create(settings);
    }
}
