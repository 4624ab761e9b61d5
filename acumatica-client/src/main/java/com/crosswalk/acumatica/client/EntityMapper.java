package com.crosswalk.acumatica.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Maps a record type to and from one Acumatica entity. */
interface EntityMapper<T> {

    /** Entity name in the URL, e.g. {@code ChangeOrder}. */
    String entity();

    /** Words for messages, e.g. {@code change order}. */
    String label();

    ObjectNode toJson(T record);

    T fromJson(JsonNode node);

    /** Key values of a record, in URL order (null elements if unknown). */
    List<String> keys(T record);
}
