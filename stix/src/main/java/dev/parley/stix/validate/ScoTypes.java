package dev.parley.stix.validate;

import static dev.parley.stix.validate.Types.enumeration;
import static dev.parley.stix.validate.Types.floating;
import static dev.parley.stix.validate.Types.hashes;
import static dev.parley.stix.validate.Types.hex;
import static dev.parley.stix.validate.Types.integer;
import static dev.parley.stix.validate.Types.ref;
import static dev.parley.stix.validate.Types.string;
import static dev.parley.stix.validate.Types.timestamp;

/** The embedded types that SCOs and their extensions use (STIX 2.1 §6.6.2, §6.7.3.2, §6.7.6.2-3, §6.17.2, §6.18.2). */
final class ScoTypes {
  private ScoTypes() {}

  static final TypeSpec EMAIL_MIME_PART = TypeSpec.of("email-mime-part-type", Category.SCO)
      .optional("body", string())
      .optional("body_raw_ref", ref("artifact", "file"))
      .optional("content_type", string())
      .optional("content_disposition", string())
      .rule(Constraints.exactlyOne("body", "body_raw_ref", "STIX 2.1 §6.6.2"))
      .build();

  static final TypeSpec ALTERNATE_DATA_STREAM = TypeSpec.of("alternate-data-stream-type", Category.SCO)
      .required("name", string())
      .optional("hashes", hashes())
      .optional("size", integer(0L, null))
      .build();

  static final TypeSpec PE_OPTIONAL_HEADER = peOptionalHeader();

  static final TypeSpec PE_SECTION = TypeSpec.of("windows-pe-section-type", Category.SCO)
      .required("name", string())
      .optional("size", integer(0L, null))
      .optional("entropy", floating())
      .optional("hashes", hashes())
      .build();

  static final TypeSpec REGISTRY_VALUE = TypeSpec.of("windows-registry-value-type", Category.SCO)
      .optional("name", string())
      .optional("data", string())
      .optional("data_type", enumeration(Vocabularies.WINDOWS_REGISTRY_DATATYPE))
      .rule(Constraints.anyProperty("STIX 2.1 §6.17.2"))
      .build();

  static final TypeSpec X509_V3_EXTENSIONS = TypeSpec.of("x509-v3-extensions-type", Category.SCO)
      .optional("basic_constraints", string())
      .optional("name_constraints", string())
      .optional("policy_constraints", string())
      .optional("key_usage", string())
      .optional("extended_key_usage", string())
      .optional("subject_key_identifier", string())
      .optional("authority_key_identifier", string())
      .optional("subject_alternative_name", string())
      .optional("issuer_alternative_name", string())
      .optional("subject_directory_attributes", string())
      .optional("crl_distribution_points", string())
      .optional("inhibit_any_policy", string())
      .optional("private_key_usage_period_not_before", timestamp())
      .optional("private_key_usage_period_not_after", timestamp())
      .optional("certificate_policies", string())
      .optional("policy_mappings", string())
      .rule(Constraints.anyProperty("STIX 2.1 §6.18.2"))
      .build();

  private static TypeSpec peOptionalHeader() {
    ValueType size = integer(0L, null); // the size_of_* properties "MUST NOT be negative" (§6.7.6.2)
    TypeSpec.Builder b = TypeSpec.of("windows-pe-optional-header-type", Category.SCO)
        .optional("magic_hex", hex())
        .optional("major_linker_version", integer())
        .optional("minor_linker_version", integer())
        .optional("size_of_code", size)
        .optional("size_of_initialized_data", size)
        .optional("size_of_uninitialized_data", size);
    for (String n : new String[] {"address_of_entry_point", "base_of_code", "base_of_data", "image_base",
        "section_alignment", "file_alignment", "major_os_version", "minor_os_version", "major_image_version",
        "minor_image_version", "major_subsystem_version", "minor_subsystem_version"}) {
      b.optional(n, integer());
    }
    b.optional("win32_version_value_hex", hex())
        .optional("size_of_image", size)
        .optional("size_of_headers", size)
        .optional("checksum_hex", hex())
        .optional("subsystem_hex", hex())
        .optional("dll_characteristics_hex", hex())
        .optional("size_of_stack_reserve", size)
        .optional("size_of_stack_commit", size)
        .optional("size_of_heap_reserve", size)
        .optional("size_of_heap_commit", size)
        .optional("loader_flags_hex", hex())
        .optional("number_of_rva_and_sizes", integer())
        .optional("hashes", hashes())
        .rule(Constraints.anyProperty("STIX 2.1 §6.7.6.2"));
    return b.build();
  }
}
