/**
 * Constants of the EVTX file format and its Binary XML, shared by the reader and the test writer.
 * Source: libyal/libevtx "Windows XML Event Log (EVTX)" format documentation, and Microsoft's [MS-EVEN6] 3.1.4.7
 * (BinXml) for token and value type numbers.
 */

export const FILE_SIGNATURE = "ElfFile\0";
export const CHUNK_SIGNATURE = "ElfChnk\0";
/** Event record signature "**\0\0" (0x00002a2a little-endian). */
export const RECORD_SIGNATURE = 0x00002a2a;

export const FILE_HEADER_SIZE = 128;
export const FILE_HEADER_BLOCK_SIZE = 4096;
export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 128;
/** Records start after the chunk header, the 64-entry common string offset table and the 32-entry template table. */
export const CHUNK_RECORDS_OFFSET = 512;
export const CHUNK_STRING_TABLE_OFFSET = 128;
export const CHUNK_STRING_TABLE_ENTRIES = 64;
export const CHUNK_TEMPLATE_TABLE_OFFSET = 384;
export const CHUNK_TEMPLATE_TABLE_ENTRIES = 32;
/** A record header: signature, size, record identifier, written time; the size is repeated in its last 4 bytes. */
export const RECORD_HEADER_SIZE = 24;

/** File header flags. */
export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;

/** Binary XML tokens; 0x40 set on element/value/attribute/CDATA/char/entity tokens means "more data follows". */
export const enum Token {
  EndOfStream = 0x00,
  OpenStartElement = 0x01,
  CloseStartElement = 0x02,
  CloseEmptyElement = 0x03,
  EndElement = 0x04,
  Value = 0x05,
  Attribute = 0x06,
  CDataSection = 0x07,
  CharRef = 0x08,
  EntityRef = 0x09,
  PITarget = 0x0a,
  PIData = 0x0b,
  TemplateInstance = 0x0c,
  NormalSubstitution = 0x0d,
  OptionalSubstitution = 0x0e,
  FragmentHeader = 0x0f,
}

export const TOKEN_MORE_FLAG = 0x40;

/** Binary XML value types; 0x80 set means an array of the base type. */
export const enum ValueType {
  Null = 0x00,
  WString = 0x01,
  AnsiString = 0x02,
  Int8 = 0x03,
  UInt8 = 0x04,
  Int16 = 0x05,
  UInt16 = 0x06,
  Int32 = 0x07,
  UInt32 = 0x08,
  Int64 = 0x09,
  UInt64 = 0x0a,
  Real32 = 0x0b,
  Real64 = 0x0c,
  Bool = 0x0d,
  Binary = 0x0e,
  Guid = 0x0f,
  SizeT = 0x10,
  FileTime = 0x11,
  SystemTime = 0x12,
  Sid = 0x13,
  HexInt32 = 0x14,
  HexInt64 = 0x15,
  EvtHandle = 0x20,
  BinXml = 0x21,
  EvtXml = 0x23,
}

export const VALUE_ARRAY_FLAG = 0x80;
