"""Project file messages: opening, creating, upgrading a .corpus file. (code → (Chinese, English))

{path} is the project file, {suffix} the project file extension (.corpus), {error} SQLite's own words."""

MESSAGES = {
    "store.folder": ("“{path}”是文件夹，不是项目文件。请选择 {suffix} 文件。",
                     "“{path}” is a folder, not a project file. Choose a {suffix} file."),
    "store.missing": ("项目文件“{path}”不存在。请新建一个项目。",
                      "Project file “{path}” does not exist. Create a new project instead."),
    "store.no_folder": ("无法创建“{path}”：文件夹“{folder}”不存在。",
                        "Cannot create “{path}”: the folder “{folder}” does not exist."),
    "store.folder_read_only": ("无法创建“{path}”：文件夹是只读的。请选择一个可以写入的文件夹。",
                               "Cannot create “{path}”: the folder is read-only. Choose a folder you can write to."),
    "store.create_failed": ("无法创建“{path}”：{error}。请选择一个可以写入的文件夹。",
                            "Cannot create “{path}”: {error}. Choose a folder you can write to."),
    "store.not_database": ("“{path}”不是语料匠项目（它不是 SQLite 数据库）。请打开语料匠创建的 {suffix} 文件。",
                           "“{path}” is not a Corpusmith project (it is not a SQLite database). "
                           "Open a {suffix} file created by Corpusmith."),
    "store.not_project": ("“{path}”是 SQLite 数据库，但不是语料匠项目。请打开语料匠创建的 {suffix} 文件。",
                          "“{path}” is a SQLite database but not a Corpusmith project. "
                          "Open a {suffix} file created by Corpusmith."),
    "store.too_new": ("“{path}”是用更新版本的语料匠保存的（项目格式 {version}，本软件最高能读 {supported}）。请更新语料匠后再打开。",
                      "“{path}” was saved by a newer Corpusmith (project format {version}, this app reads up "
                      "to {supported}). Update Corpusmith to open it."),
    "store.needs_upgrade": ("“{path}”需要升级；请先以可写方式打开一次。",
                            "“{path}” needs an upgrade; open it once for writing first."),
    "store.read_only": ("“{path}”无法写入（文件或文件夹是只读的）。请把项目复制到可以写入的文件夹，再打开那份副本。",
                        "“{path}” cannot be written (read-only file or folder). "
                        "Copy the project to a folder you can write to and open the copy."),
    "store.open_failed": ("“{path}”打不开：{error}。", "“{path}” could not be opened: {error}."),
    # a sample's reason, stored: rejected in Review as an exact copy of another
    "store.duplicate_of": ("与 #{id} 重复", "duplicate of #{id}"),
}
