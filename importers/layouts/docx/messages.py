"""What the Word layout says when a file cannot be read; ParseIssue.file names the file."""

DAMAGED = "Word 文件已损坏，无法读取（不是完整的 .docx 压缩包）"
NO_BODY = "Word 文件已损坏或不完整：缺少正文部分（word/document.xml）"
BAD_XML = "Word 文件已损坏：其中的 XML 内容无法解析（第 {line} 行）"
ENCRYPTED = "文件已加密（设有打开密码），请去除密码后再导入"
LEGACY_DOC = "这是旧版 Word（.doc）文件，请另存为 .docx 后再导入"
NOT_A_DOCUMENT = "这是启用宏的 Word 文件（.docm）或 Word 模板，请另存为 .docx 后再导入"
TOO_LARGE = "Word 文件解压后过大（{part} {size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"
TOO_MANY = "Word 文件中的表格过大（{count:,} 个{what}，上限 {limit:,} 个），不像一份乡镇履职事项清单"
TOO_MANY_ELEMENTS = ("Word 文件的正文有 {count:,} 个 XML 元素（上限 {limit:,} 个），"
                     "远超一份乡镇履职事项清单，可能是恶意构造的文件，未读取")
TOO_WIDE = "{where}超过 {limit} 列（Word 表格最多 {limit} 列），文件已损坏"
