package dev.parley.stix.validate;

import java.util.Set;

/**
 * The open vocabularies (values outside them are warnings) and the closed enumerations (values
 * outside them are errors) of STIX 2.1 §10, with the additions of Errata 01 (rust, legal,
 * private-sector, incident, and the infrastructure types missing from the 2.1 summary).
 */
final class Vocabularies {
  private Vocabularies() {}

  static final Set<String> ACCOUNT_TYPE = Set.of(
      "facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs", "twitter", "unix", "windows-local",
      "windows-domain");
  static final Set<String> ATTACK_MOTIVATION = Set.of(
      "accidental", "coercion", "dominance", "ideology", "notoriety", "organizational-gain", "personal-gain",
      "personal-satisfaction", "revenge", "unpredictable");
  static final Set<String> ATTACK_RESOURCE_LEVEL = Set.of(
      "individual", "club", "contest", "team", "organization", "government");
  static final Set<String> GROUPING_CONTEXT = Set.of("suspicious-activity", "malware-analysis", "unspecified");
  static final Set<String> IDENTITY_CLASS = Set.of("individual", "group", "system", "organization", "class", "unknown");
  static final Set<String> IMPLEMENTATION_LANGUAGE = Set.of(
      "applescript", "bash", "c", "c++", "c#", "go", "java", "javascript", "lua", "objective-c", "perl", "php",
      "powershell", "python", "ruby", "rust", "scala", "swift", "typescript", "visual-basic", "x86-32", "x86-64");
  static final Set<String> INDICATOR_TYPE = Set.of(
      "anomalous-activity", "anonymization", "benign", "compromised", "malicious-activity", "attribution", "unknown");
  static final Set<String> INDUSTRY_SECTOR = Set.of(
      "agriculture", "aerospace", "automotive", "chemical", "commercial", "communications", "construction", "defense",
      "education", "energy", "entertainment", "financial-services", "government", "emergency-services",
      "government-local", "government-national", "government-public-services", "government-regional", "healthcare",
      "hospitality-leisure", "infrastructure", "dams", "nuclear", "water", "insurance", "legal", "manufacturing",
      "mining", "non-profit", "pharmaceuticals", "retail", "technology", "telecommunications", "transportation", "utilities");
  static final Set<String> INFRASTRUCTURE_TYPE = Set.of(
      "amplification", "anonymization", "botnet", "command-and-control", "control-system", "exfiltration",
      "firewall", "hosting-malware", "hosting-target-lists", "phishing", "reconnaissance", "routers-switches",
      "staging", "workstation", "unknown");
  static final Set<String> MALWARE_CAPABILITIES = Set.of(
      "accesses-remote-machines", "anti-debugging", "anti-disassembly", "anti-emulation", "anti-memory-forensics",
      "anti-sandbox", "anti-vm", "captures-input-peripherals", "captures-output-peripherals",
      "captures-system-state-data", "cleans-traces-of-infection", "commits-fraud", "communicates-with-c2",
      "compromises-data-availability", "compromises-data-integrity", "compromises-system-availability",
      "controls-local-machine", "degrades-security-software", "degrades-system-updates", "determines-c2-server",
      "emails-spam", "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts",
      "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components",
      "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion",
      "probes-network-environment", "self-modifies", "steals-authentication-credentials",
      "violates-system-operational-integrity");
  static final Set<String> MALWARE_RESULT = Set.of("malicious", "suspicious", "benign", "unknown");
  static final Set<String> MALWARE_TYPE = Set.of(
      "adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper", "exploit-kit", "keylogger",
      "ransomware", "remote-access-trojan", "resource-exploitation", "rogue-security-software", "rootkit",
      "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell", "wiper", "worm");
  static final Set<String> PATTERN_TYPE = Set.of("stix", "pcre", "sigma", "snort", "suricata", "yara");
  static final Set<String> PROCESSOR_ARCHITECTURE = Set.of(
      "alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64");
  static final Set<String> REGION = Set.of(
      "africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa", "western-africa",
      "americas", "caribbean", "central-america", "latin-america-caribbean", "northern-america", "south-america",
      "asia", "central-asia", "eastern-asia", "southern-asia", "south-eastern-asia", "western-asia", "europe",
      "eastern-europe", "northern-europe", "southern-europe", "western-europe", "oceania", "antarctica",
      "australia-new-zealand", "melanesia", "micronesia", "polynesia");
  static final Set<String> REPORT_TYPE = Set.of(
      "attack-pattern", "campaign", "identity", "incident", "indicator", "intrusion-set", "malware", "observed-data",
      "threat-actor", "threat-report", "tool", "vulnerability");
  static final Set<String> THREAT_ACTOR_TYPE = Set.of(
      "activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental", "insider-disgruntled",
      "nation-state", "private-sector", "sensationalist", "spy", "terrorist", "unknown");
  static final Set<String> THREAT_ACTOR_ROLE = Set.of(
      "agent", "director", "independent", "infrastructure-architect", "infrastructure-operator", "malware-author",
      "sponsor");
  static final Set<String> THREAT_ACTOR_SOPHISTICATION = Set.of(
      "none", "minimal", "intermediate", "advanced", "expert", "innovator", "strategic");
  static final Set<String> TOOL_TYPE = Set.of(
      "denial-of-service", "exploitation", "information-gathering", "network-capture", "credential-exploitation",
      "remote-access", "vulnerability-scanning", "unknown");
  static final Set<String> WINDOWS_PEBINARY_TYPE = Set.of("dll", "exe", "sys");

  // Closed enumerations (§2.4: terms "MUST NOT be expanded").
  static final String[] ENCRYPTION_ALGORITHM = {"AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"};
  static final String[] OPINION = {"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"};
  static final String[] SOCKET_ADDRESS_FAMILY = {
      "AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH"};
  static final String[] SOCKET_TYPE = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET"};
  static final String[] WINDOWS_INTEGRITY_LEVEL = {"low", "medium", "high", "system"};
  static final String[] WINDOWS_REGISTRY_DATATYPE = {
      "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN",
      "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTION",
      "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE"};
  static final String[] WINDOWS_SERVICE_START_TYPE = {
      "SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START", "SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT"};
  static final String[] WINDOWS_SERVICE_TYPE = {
      "SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER", "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS"};
  static final String[] WINDOWS_SERVICE_STATUS = {
      "SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED", "SERVICE_RUNNING",
      "SERVICE_START_PENDING", "SERVICE_STOP_PENDING", "SERVICE_STOPPED"};

  /** An open-vocabulary value type. */
  static ValueType open(String name, Set<String> values) {
    return Types.vocabulary(name, values);
  }

  /** A list of open-vocabulary values. */
  static ValueType openList(String name, Set<String> values) {
    return Types.list(Types.vocabulary(name, values));
  }
}
