"""What the PDF layout tells the user, in Chinese; tests assert on these constants."""

ENCRYPTED = "PDF 已加密（设有打开密码），无法读取；请提供未加密的 PDF 或 Word/Excel 原件"
DAMAGED = "PDF 文件已损坏，无法读取：文件不完整或内容有误，请重新下载，或用原文件另存一份 PDF 再导入"
DAMAGED_PAGE = "PDF 第 {page} 页已损坏，无法读取：请重新下载，或用原文件另存一份 PDF 再导入"
TOO_MANY_PAGES = "PDF 共 {pages} 页，超过上限 {limit} 页，不像一份乡镇履职事项清单"
NO_PAGES = "PDF 没有任何页面"
SCANNED = (
    "这是扫描件 PDF：第 {pages} 页没有文字层（共 {total} 页）。"
    "暂不支持扫描件，请提供带文字层的 PDF 或 Word/Excel 原件"
)
TEXTLESS_PAGES = "第 {pages} 页没有文字层（可能是扫描页），已跳过，请核对这些页上的事项"
NO_TABLES = "PDF 中未找到表格（共 {pages} 页有文字，没有带边框的表格），不像一份乡镇履职事项清单"
NO_HEADER_EARLY = "PDF 前 {pages} 页有文字的页面中未找到含“序号”或“事项”的表头，不像一份乡镇履职事项清单"
PAGE_TOO_DENSE = "PDF 第 {page} 页内容过多（{what} {count:,} 个，上限 {limit:,} 个），不像一份乡镇履职事项清单"
