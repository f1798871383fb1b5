package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.bool;
import static dev.parley.stix.validate.Types.dictionary;
import static dev.parley.stix.validate.Types.enumeration;
import static dev.parley.stix.validate.Types.hashes;
import static dev.parley.stix.validate.Types.hex;
import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.list;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Rules;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The predefined SCO extensions of STIX 2.1 §6 (archive-ext, ntfs-ext, ...) and the SCO types each extends. */
final class ScoExtensions {
  private ScoExtensions() {}

  /** A predefined extension and the SCO types it extends. */
  record Entry(TypeSpec spec, Set<String> appliesTo) {}

  private static final Pattern SOCKET_OPTION = Pattern.compile("SO_[A-Z0-9_]+");

  static List<Entry> all() {
    return List.of(
        new Entry(TypeSpec.of("archive-ext", Category.SCO)
            .required("contains_refs", list(ref("file", "directory")))
            .optional("comment", string())
            .build(), Set.of("file")),
        new Entry(TypeSpec.of("ntfs-ext", Category.SCO)
            .optional("sid", string())
            .optional("alternate_data_streams", list(Types.object(ScoTypes.ALTERNATE_DATA_STREAM)))
            .rule(Constraints.anyProperty("STIX 2.1 §6.7.3.1"))
            .build(), Set.of("file")),
        new Entry(TypeSpec.of("pdf-ext", Category.SCO)
            .optional("version", string())
            .optional("is_optimized", bool())
            .optional("document_info_dict", dictionary(string()))
            .optional("pdfid0", string())
            .optional("pdfid1", string())
            .rule(Constraints.anyProperty("STIX 2.1 §6.7.4.1"))
            .build(), Set.of("file")),
        new Entry(TypeSpec.of("raster-image-ext", Category.SCO)
            .optional("image_height", integer())
            .optional("image_width", integer())
            .optional("bits_per_pixel", integer())
            .optional("exif_tags", dictionary(Types.integerOrString()))
            .rule(Constraints.anyProperty("STIX 2.1 §6.7.5.1"))
            .build(), Set.of("file")),
        new Entry(TypeSpec.of("windows-pebinary-ext", Category.SCO)
            .required("pe_type", Vocabularies.open("windows-pebinary-type-ov", Vocabularies.WINDOWS_PEBINARY_TYPE))
            .optional("imphash", string())
            .optional("machine_hex", hex())
            .optional("number_of_sections", integer(0L, null))
            .optional("time_date_stamp", timestamp())
            .optional("pointer_to_symbol_table_hex", hex())
            .optional("number_of_symbols", integer(0L, null))
            .optional("size_of_optional_header", integer(0L, null))
            .optional("characteristics_hex", hex())
            .optional("file_header_hashes", hashes())
            .optional("optional_header", Types.object(ScoTypes.PE_OPTIONAL_HEADER))
            .optional("sections", list(Types.object(ScoTypes.PE_SECTION)))
            .rule(ScoExtensions::peBinaryContent)
            .build(), Set.of("file")),
        new Entry(TypeSpec.of("http-request-ext", Category.SCO)
            .required("request_method", string())
            .required("request_value", string())
            .optional("request_version", string())
            .optional("request_header", dictionary(list(string())))
            .optional("message_body_length", integer(0L, null))
            .optional("message_body_data_ref", ref("artifact"))
            .build(), Set.of("network-traffic")),
        new Entry(TypeSpec.of("icmp-ext", Category.SCO)
            .required("icmp_type_hex", hex())
            .required("icmp_code_hex", hex())
            .build(), Set.of("network-traffic")),
        new Entry(TypeSpec.of("socket-ext", Category.SCO)
            .required("address_family", enumeration(Vocabularies.SOCKET_ADDRESS_FAMILY))
            .optional("is_blocking", bool())
            .optional("is_listening", bool())
            .optional("options", dictionary(integer()))
            .optional("socket_type", enumeration(Vocabularies.SOCKET_TYPE))
            .optional("socket_descriptor", integer(0L, null))
            .optional("socket_handle", integer())
            .rule(ScoExtensions::socketOptions)
            .build(), Set.of("network-traffic")),
        new Entry(TypeSpec.of("tcp-ext", Category.SCO)
            .optional("src_flags_hex", hex())
            .optional("dst_flags_hex", hex())
            .rule(Constraints.anyProperty("STIX 2.1 §6.12.5.1"))
            .build(), Set.of("network-traffic")),
        new Entry(TypeSpec.of("unix-account-ext", Category.SCO)
            .optional("gid", integer())
            .optional("groups", list(string()))
            .optional("home_dir", string())
            .optional("shell", string())
            .rule(Constraints.anyProperty("STIX 2.1 §6.16.2.1"))
            .build(), Set.of("user-account")),
        new Entry(TypeSpec.of("windows-process-ext", Category.SCO)
            .optional("aslr_enabled", bool())
            .optional("dep_enabled", bool())
            .optional("priority", string())
            .optional("owner_sid", string())
            .optional("window_title", string())
            .optional("startup_info", dictionary())
            .optional("integrity_level", enumeration(Vocabularies.WINDOWS_INTEGRITY_LEVEL))
            .rule(Constraints.anyProperty("STIX 2.1 §6.13.2.1"))
            .rule((o, p, ctx) -> {
              JsonNode priority = o.get("priority");
              if (priority != null && priority.isTextual() && !priority.textValue().endsWith("_CLASS")) {
                ctx.warning(Rules.VALUE, Context.child(p, "priority"), "should be a priority class ending in _CLASS (STIX 2.1 §6.13.2.1)");
              }
            })
            .build(), Set.of("process")),
        new Entry(TypeSpec.of("windows-service-ext", Category.SCO)
            .optional("service_name", string())
            .optional("descriptions", list(string()))
            .optional("display_name", string())
            .optional("group_name", string())
            .optional("start_type", enumeration(Vocabularies.WINDOWS_SERVICE_START_TYPE))
            .optional("service_dll_refs", list(ref("file")))
            .optional("service_type", enumeration(Vocabularies.WINDOWS_SERVICE_TYPE))
            .optional("service_status", enumeration(Vocabularies.WINDOWS_SERVICE_STATUS))
            .rule(Constraints.anyProperty("STIX 2.1 §6.13.3.1"))
            .build(), Set.of("process")));
  }

  /**
   * windows-pebinary-ext needs a property besides pe_type, and its time_date_stamp is precise to the
   * second (§6.7.6).
   */
  private static void peBinaryContent(com.fasterxml.jackson.databind.node.ObjectNode o, String p, Context ctx) {
    boolean other = false;
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      if (!"pe_type".equals(it.next())) other = true;
    }
    if (!other) {
      ctx.error(Rules.AT_LEAST_ONE, p, "must hold at least one property besides pe_type (STIX 2.1 §6.7.6)");
    }
    JsonNode stamp = o.get("time_date_stamp");
    if (stamp != null && stamp.isTextual() && stamp.textValue().contains(".")) {
      ctx.error(Rules.TIMESTAMP_PRECISION, Context.child(p, "time_date_stamp"),
          "must be precise to the second, without fractional seconds (STIX 2.1 §6.7.6.1)");
    }
  }

  /** socket-ext options: keys SHOULD be the case-preserved option names, e.g. SO_ACCEPTCONN (§6.12.4.1). */
  private static void socketOptions(com.fasterxml.jackson.databind.node.ObjectNode o, String p, Context ctx) {
    JsonNode options = o.get("options");
    if (options == null || !options.isObject()) return;
    for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!SOCKET_OPTION.matcher(key).matches()) {
        ctx.warning(Rules.DICTIONARY, Context.child(Context.child(p, "options"), key),
            "socket option keys should be the option names, such as SO_ACCEPTCONN (STIX 2.1 §6.12.4.1)");
      }
    }
  }
}
