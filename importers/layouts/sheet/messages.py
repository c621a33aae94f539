"""What the sheet layout says when a county spreadsheet cannot be read; each names file, sheet or cell."""

DAMAGED = "无法读取工作簿“{name}”：文件已损坏，或不是 Excel 工作簿（.xlsx 或 .xls）"
MACRO_WORKBOOK = "这是含宏的工作簿（.xlsm），为安全起见不予导入，请另存为 .xlsx"
ENCRYPTED = "工作簿已加密（设有打开密码），无法读取；请在 Excel 中取消密码后另存为 .xlsx 再导入"
TOO_LARGE_UNPACKED = "工作簿解压后过大（{size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"
TOO_MUCH_XML = "工作簿中的表格数据过多（解压后 {size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"
TOO_MANY_SHEETS = "工作簿有 {count} 个可见工作表，超过上限 {limit} 个，不像一份乡镇履职事项清单"
TOO_MANY_ROWS = "{where}：工作表超过 {limit:,} 行，不像一份乡镇履职事项清单"
DAMAGED_SHEET = "{where}：内容已损坏，无法读取"
TOO_MANY_MERGES = "{where}：合并单元格过多或相互重叠，工作表可能已损坏"
BAD_NUMBER = "{where}：数值超出范围，无法读取；请把该单元格改为文字或正确的数字"
NO_TABLE = ("工作簿“{name}”中找不到履职事项表格：没有哪个工作表有同时含“序号”和“事项名称”的表头行"
            "（只读取每个工作表的前 {rows:,} 行、前 {columns} 列）")
