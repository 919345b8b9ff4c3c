"""Messages shared by many areas. (code → (Chinese, English))"""

MESSAGES = {
    "common.see_log": ("详情见日志：{path}", "Details are in the log: {path}"),
    # the bundled demo project (core/demo.py): what can go wrong when it is built or opened
    "demo.error.folder": (
        "无法为示例项目创建文件夹“{folder}”（{error}）。请确认你有权限写入这个位置。",
        "Cannot create the folder “{folder}” for the demo project ({error}). Check that you can write to it."),
    "demo.error.busy": (
        "示例项目“{path}”正被别的窗口或程序使用。请稍等，或先在那里关闭它，再重新打开示例。",
        "The demo project “{path}” is busy (another window or program is writing to it). Wait a moment, or "
        "close it there, and open the demo again."),
    "demo.error.cannot_move": (
        "示例项目“{path}”已损坏，而且没法挪到一边（{error}）。请删除或改名这个文件，再重新打开示例。",
        "The demo project “{path}” is damaged and could not be moved aside ({error}). Delete or rename it, "
        "then open the demo again."),
    "demo.error.language": ("示例项目只能用 zh（中文）或 en（英文）生成，不能是“{language}”。",
                            "The demo project is built in zh or en, not “{language}”."),
    "demo.error.files_damaged": (
        "“{folder}”里的示例文件缺失或已损坏。请重新安装语料匠来找回它们。",
        "The demo files in “{folder}” are missing or damaged ({error}). Reinstall Corpusmith to get them back."),
    "demo.error.files_missing": (
        "“{folder}”里缺少示例文件 {files}。请重新安装语料匠来找回它们。",
        "The demo files {files} are missing from “{folder}”. Reinstall Corpusmith to get them back."),
    "demo.error.exists": (
        "“{path}”已经存在：示例项目只会生成到一个新文件里。请换个名字，或先把那个文件移走。",
        "“{path}” already exists: the demo project is only built into a new file. Choose another name, or "
        "move that file away first."),
    "demo.error.exists_now": (
        "“{path}”已经存在：示例项目只会生成到一个新文件里。",
        "“{path}” already exists: the demo project is only built into a new file."),
    "demo.error.no_folder": ("无法创建“{path}”：文件夹“{folder}”不存在。",
                             "Cannot create “{path}”: the folder “{folder}” does not exist."),
    "demo.error.file_unreadable": ("示例文件“{path}”读不出来。请重新安装语料匠。",
                                   "The demo file “{path}” cannot be read ({error}). Reinstall Corpusmith."),
}
