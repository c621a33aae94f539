"""What the xlsx layout says when a workbook cannot be read; every message names sheet and cell."""

NOT_A_WORKBOOK = "无法读取 xlsx 工作簿：文件已损坏，或不是 Excel 工作簿"
FOREIGN_WORKBOOK = ("不是本门户导出的清单工作簿：缺少工作表 {missing}。"
                    "只能导入由“导出 Excel”或 export_list --format xlsx 生成的工作簿")
UNKNOWN_FORMAT = ("工作表“{sheet}”所载格式为“{found}”，本门户只能读取 {expected} 第 {version} 版；"
                  "请从本门户重新导出工作簿，改好后再导入")
NO_HEADER = "工作表“{sheet}”前 {rows} 行中找不到表头行（应含：{headings}）"
FORMULA_CELL = "工作表“{sheet}”{cell} 单元格是公式（{formula}），请改为文字后再导入"
BAD_SEQ = "工作表“{sheet}”{cell} 单元格：序号应为正整数，而不是“{value}”"
BAD_NUMBER = "工作表“{sheet}”{cell} 单元格：“{label}”应为数字，而不是“{value}”"
BAD_MONTH_CELL = "工作表“{sheet}”{cell} 单元格：发布月份应写作 YYYY-MM，而不是“{value}”"
UNKNOWN_PART = "工作表“{sheet}”{cell} 单元格：没有“{value}”这一清单部分（应为：{known}）"
UNKNOWN_REASON = "工作表“{sheet}”{cell} 单元格：没有“{value}”这一核对原因（应为：{known}）"
NO_SUCH_ITEM = "工作表“{sheet}”第 {row} 行：{part}中没有序号 {seq} 的事项"
BAD_REVIEWED = ("工作表“{sheet}”{cell} 单元格：核对情况应留空（仍待核对）"
                "或写作“已核对（YYYY-MM-DD）”，而不是“{value}”")
TOO_MANY_ROWS = "工作表“{sheet}”超过 {rows:,} 行，不像一份乡镇履职事项清单，未读取"
